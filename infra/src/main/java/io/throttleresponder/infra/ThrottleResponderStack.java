package io.throttleresponder.infra;

import io.throttleresponder.infra.config.ResponderConfig;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The JSON-config app's stack: a {@link ThrottleResponder} watching the configuration's tables. */
public class ThrottleResponderStack extends Stack {

    public ThrottleResponderStack(Construct scope, String id, StackProps props, ResponderConfig config, FunctionCode functionCode) {
        super(scope, id, props);
        ThrottleResponder.of(this, config, functionCode);
    }
}
