package io.throttleresponder.infra.functions;

import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;

/** One of the deployment's Lambda functions, with the role it alone runs as and the alias its invokers use. */
public record ResponderFunction(Function function, Role role, Alias alias) {
}
