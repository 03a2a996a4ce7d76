package io.throttleresponder.infra;

import io.throttleresponder.infra.config.ConfigException;
import io.throttleresponder.infra.config.ConfigLoader;
import io.throttleresponder.infra.config.ResponderConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The CDK app: {@code cdk synth} and {@code cdk deploy} run {@link #main}, which reads the
 * configuration named by {@code -c config=PATH} (default {@value #DEFAULT_CONFIG}, both relative
 * to the repository root) and deploys each function from its own jar ({@link FunctionCode#builtUnder}).
 */
public final class ThrottleResponderApp {

    public static final String DEFAULT_CONFIG = "throttle-responder.config.json";
    /** The CDK CLI's settings, whose {@code context} holds the feature flags every synthesis applies. */
    static final String CDK_JSON = "cdk.json";
    /** The context key telling synth the account's raised quota of managed policies per role (IAM's default is 10). */
    static final String MANAGED_POLICIES_PER_ROLE_CONTEXT = "iamManagedPoliciesPerRole";
    static final String REPOSITORY_ROOT_PROPERTY = "throttleresponder.repositoryRoot";

    private ThrottleResponderApp() {
    }

    public static void main(String[] args) {
        Path repositoryRoot = Path.of(System.getProperty(REPOSITORY_ROOT_PROPERTY, ".")).toAbsolutePath().normalize();
        App app = newApp();
        Object configContext = app.getNode().tryGetContext("config");
        Path configFile = repositoryRoot.resolve(configContext == null ? DEFAULT_CONFIG : configContext.toString());
        FunctionCode functionCode = FunctionCode.builtUnder(repositoryRoot);
        int managedPoliciesPerRole = DeployLimits.MAX_MANAGED_POLICIES_PER_ROLE;
        try {
            if (!functionCode.missing().isEmpty()) {
                throw new IllegalStateException(functionCode.missing() + " missing: build them with"
                        + " `mvn -q -B -DskipTests package -pl functions -am` (cdk.json does this before synth)");
            }
            managedPoliciesPerRole = managedPoliciesPerRole(app);
            addStack(app, ConfigLoader.load(configFile), functionCode, environmentOfCli());
        } catch (ConfigException | IllegalStateException e) {
            // The message names the file and every bad key; a stack trace would only bury it.
            System.err.println(e.getMessage());
            System.exit(1);
        }
        List<String> violations = DeployLimits.violations(Path.of(app.synth().getDirectory()), managedPoliciesPerRole);
        if (!violations.isEmpty()) {
            // cdk deploy would upload these and CloudFormation or IAM would refuse them: fail now, saying which and why.
            System.err.println(configFile + " synthesizes templates that would not deploy:");
            violations.forEach(violation -> System.err.println("  " + violation));
            System.exit(1);
        }
    }

    /**
     * Adds the responder's stack, named after the configuration's deploymentName, to {@code app}.
     * Apply aspects (cdk-nag) to {@code app} before calling this.
     */
    public static ThrottleResponderStack addStack(App app, ResponderConfig config, Path functionCode, Environment environment) {
        return addStack(app, config, FunctionCode.shared(functionCode), environment);
    }

    /** As {@link #addStack(App, ResponderConfig, Path, Environment)}, each function from its own artifact. */
    public static ThrottleResponderStack addStack(App app, ResponderConfig config, FunctionCode functionCode,
            Environment environment) {
        return new ThrottleResponderStack(app, config.deploymentName(),
                StackProps.builder()
                        .env(environment)
                        .description("throttle-responder: DynamoDB throttle alarms and their responder, from "
                                + config.source().getFileName())
                        .build(),
                config, functionCode);
    }

    /**
     * Synthesizes the stack for {@code configFile} with {@code functionCode} (the jar, or any file or
     * directory standing in for it) as the function's code, in an environment-agnostic stack.
     *
     * @throws ConfigException when the file is invalid; nothing is synthesized then
     */
    public static Template synthesize(Path configFile, Path functionCode) {
        ThrottleResponderStack stack = addStack(newApp(), ConfigLoader.load(configFile), functionCode, null);
        return Template.fromStack(stack);
    }

    /**
     * As {@link #synthesize}, every template: the main stack's first, then its nested stacks', which hold
     * the named tables' alarms past what the main stack holds.
     */
    public static List<Template> synthesizeAll(Path configFile, Path functionCode) {
        ThrottleResponderStack stack = addStack(newApp(), ConfigLoader.load(configFile), functionCode, null);
        List<Template> templates = new ArrayList<>();
        templates.add(Template.fromStack(stack));
        stack.getNode().findAll().stream()
                .filter(NestedStack.class::isInstance)
                .forEach(nested -> templates.add(Template.fromStack((NestedStack) nested)));
        return templates;
    }

    /** The account's quota of managed policies per role, from the context (-c iamManagedPoliciesPerRole=N); IAM's default without. */
    private static int managedPoliciesPerRole(App app) {
        Object value = app.getNode().tryGetContext(MANAGED_POLICIES_PER_ROLE_CONTEXT);
        if (value == null) {
            return DeployLimits.MAX_MANAGED_POLICIES_PER_ROLE;
        }
        try {
            int quota = Integer.parseInt(value.toString());
            if (quota >= 1 && quota <= DeployLimits.MAX_RAISED_MANAGED_POLICIES_PER_ROLE) {
                return quota;
            }
        } catch (NumberFormatException e) {
            // Said below, with the allowed values.
        }
        throw new IllegalStateException("-c " + MANAGED_POLICIES_PER_ROLE_CONTEXT + "=" + value + ": the quota of managed"
                + " policies per role is a whole number from 1 to " + DeployLimits.MAX_RAISED_MANAGED_POLICIES_PER_ROLE);
    }

    /**
     * An app with the feature flags of the repository's {@value #CDK_JSON}, as {@code cdk synth} passes them, so
     * that synthesis outside the CLI (tests, tools) builds the templates a deploy does. The file is looked for in
     * the working directory and its parents.
     */
    public static App newApp() {
        return new App(AppProps.builder().context(featureFlags()).build());
    }

    private static Map<String, Object> featureFlags() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path cdkJson = dir.resolve(CDK_JSON);
            if (Files.isRegularFile(cdkJson)) {
                try {
                    Map<String, Object> settings = new ObjectMapper().readValue(cdkJson.toFile(), new TypeReference<>() { });
                    @SuppressWarnings("unchecked")
                    Map<String, Object> context = (Map<String, Object>) settings.getOrDefault("context", Map.of());
                    return context;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the feature flags of " + cdkJson, e);
                }
            }
        }
        throw new IllegalStateException("no " + CDK_JSON + " in " + Path.of("").toAbsolutePath() + " or its parents:"
                + " synthesis applies its feature flags");
    }

    /**
     * As {@link #synthesize}, written to a cloud assembly as {@code cdk synth} writes it; its directory, whose
     * {@code *.template.json} are the main stack's and the nested stacks' templates.
     */
    public static Path synthesizeAssembly(Path configFile, Path functionCode) {
        return synthesizeAssembly(configFile, FunctionCode.shared(functionCode));
    }

    /** As {@link #synthesizeAssembly(Path, Path)}, each function from its own artifact. */
    public static Path synthesizeAssembly(Path configFile, FunctionCode functionCode) {
        App app = newApp();
        addStack(app, ConfigLoader.load(configFile), functionCode, null);
        return Path.of(app.synth().getDirectory());
    }

    /** The account and region the CDK CLI resolved from the caller's credentials and profile. */
    private static Environment environmentOfCli() {
        return Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build();
    }
}
