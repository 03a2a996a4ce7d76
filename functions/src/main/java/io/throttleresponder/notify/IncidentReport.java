package io.throttleresponder.notify;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.guard.Mode;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Writes the incident message people read: e-mail text and the chat custom notification. Pure. */
public final class IncidentReport {


    private IncidentReport() {}

    /**
     * The message of one response: its subject says how urgent it is, what changed or that nothing did and
     * why, the table, the account and the Region, so that the on-call can act from the subject alone.
     *
     * @param applicationKeys the client sensor's hot keys, listed before the findings; null when not read
     */
    public static IncidentMessage of(AlarmNotification alarm, Incident incident, List<Action> actions, List<String> findings,
                                     Mode mode, Severity severity, Deployment deployment, ApplicationKeys applicationKeys) {
        String accountId = deployment.accountId();
        ResourceId resource = incident.resource();
        String title = "DynamoDB " + describe(incident) + " on " + resource;
        String subject = subject(severity, incident, actions, mode, accountId, alarm.region());

        List<String> done = actions.stream()
                .map(IncidentReport::line)
                .toList();
        List<String> links = links(alarm, resource, deployment);

        StringBuilder text = new StringBuilder();
        text.append(title).append("\n\n");
        text.append("Severity:  ").append(severity).append(severity == Severity.INFO ? "" : " (" + urgency(severity) + ")")
                .append('\n');
        text.append("Account:   ").append(accountId).append(", ").append(alarm.region()).append('\n');
        text.append("Alarm:     ").append(alarm.alarmName()).append(" (").append(alarm.state()).append(" at ")
                .append(alarm.stateChangeTime()).append(")\n");
        if (alarm.reason() != null) {
            text.append("Reason:    ").append(alarm.reason()).append('\n');
        }
        text.append("Diagnosis: ").append(describe(incident))
                .append(incident.operation() == null ? "" : ", " + incident.operation())
                .append(" on ").append(resource).append(" (signal ").append(incident.signal()).append(")\n\n");
        text.append("What the responder did:\n");
        if (done.isEmpty()) {
            text.append("  - nothing to change automatically\n");
        }
        done.forEach(l -> text.append("  - ").append(l).append('\n'));
        List<String> keyLines = applicationKeys == null ? List.of() : applicationKeys.lines();
        if (!keyLines.isEmpty()) {
            text.append('\n').append(keyLines.get(0)).append('\n');
            keyLines.subList(1, keyLines.size()).forEach(l -> text.append("  - ").append(l).append('\n'));
        }
        if (!findings.isEmpty()) {
            text.append("\nFindings:\n");
            findings.forEach(f -> text.append("  - ").append(f).append('\n'));
        }
        if (!links.isEmpty()) {
            text.append("\nLinks:\n");
            links.forEach(l -> text.append("  ").append(l).append('\n'));
        }

        String chat = ChatNotification.of((severity == Severity.INFO ? ":information_source: " : ":rotating_light: ")
                                + severity + " " + title,
                        "*" + alarm.alarmName() + "* is " + alarm.state() + ".\n"
                                + String.join("\n", done.stream().map(l -> "• " + l).toList())
                                + (keyLines.isEmpty() ? "" : "\n" + String.join("\n• ", keyLines)))
                .id(alarm.stateChangeKey())
                .nextSteps(findings)
                .nextSteps(links)
                .keywords(List.of(resource.table(), incident.cause().name()))
                .threadId(threadId(resource, alarm.stateChangeTime()))
                .summary(subject)
                .eventType("ThrottleResponderIncident")
                .relatedResources(List.of(resource.toString()))
                .toJson();
        return new IncidentMessage(subject, text.toString(), chat);
    }

    /**
     * One chat thread per incident: the resource and the time its alarm fired. The incident's summaries
     * ({@code since}) and its resolved message (the incident's start, the first alarm's time) use the same.
     */
    public static String threadId(ResourceId resource, Instant firedAt) {
        return resource + "@" + firedAt;
    }

    /** "[P1] orders: raised WCU 50 -> 150 | 123456789012 us-east-1", cut to SNS's subject limit. */
    static String subject(Severity severity, Incident incident, List<Action> actions, Mode mode, String accountId,
                          String region) {
        String where = Stream.of(accountId, region).filter(Objects::nonNull).collect(Collectors.joining(" "));
        String tail = where.isEmpty() ? "" : " | " + where;
        String what = incident.resource().table() + (incident.resource().isIndex() ? "/" + incident.resource().index() : "")
                + ": " + whatHappened(incident, actions, mode);
        String head = "[" + severity + "] ";
        return head + IncidentMessage.truncate(what, IncidentMessage.SUBJECT_LIMIT - head.length() - tail.length()) + tail;
    }

    private static String whatHappened(Incident incident, List<Action> actions, Mode mode) {
        List<Action> capacity = actions.stream().filter(a -> a.type().changesCapacity()).toList();
        Action failed = capacity.stream().filter(a -> a.status() == ActionStatus.FAILED).findFirst().orElse(null);
        if (failed != null) {
            return "FAILED to raise " + values(failed) + ": act by hand";
        }
        Action applied = capacity.stream().filter(a -> a.status() == ActionStatus.APPLIED).findFirst().orElse(null);
        if (applied != null) {
            return "raised " + values(applied);
        }
        Action deferred = capacity.stream().filter(a -> a.status() == ActionStatus.SKIPPED && a.reason() != null
                && a.reason().startsWith("deferred")).findFirst().orElse(null);
        if (deferred != null) {
            return "raise " + values(deferred) + " deferred: table busy, retried";
        }
        Action wouldBe = capacity.stream().filter(a -> a.from() != null && !a.from().equals(a.to())).findFirst().orElse(null);
        if (wouldBe != null && !mode.acts()) {
            String why = switch (mode) {
                case PAUSED -> "paused";
                case KILL_SWITCH -> "kill switch";
                case MUTED -> "muted";
                case NOT_OPTED_IN -> "not opted in";
                case DRY_RUN -> "dry run";
                default -> "plan only";
            };
            return why + ": would raise " + values(wouldBe);
        }
        return switch (incident.cause()) {
            case KEY_RANGE -> "hot partition: no capacity change, keys in the summary";
            case ACCOUNT_LIMIT -> "account quota reached: no capacity change, raise the quota";
            case LATENCY -> "latency high: reported only";
            default -> "no capacity change" + capacity.stream().map(Action::reason).filter(Objects::nonNull)
                    .findFirst().map(r -> " (" + r + ")").orElse("");
        };
    }

    /** "WCU 50 -> 150". */
    private static String values(Action action) {
        if (action.type() == ActionType.TUNE_SCALING_POLICY) {
            return "auto scaling's aggressiveness (" + action.dimension() + " target)";
        }
        return unit(action) + " " + action.from() + " -> " + action.to();
    }

    private static String urgency(Severity severity) {
        return switch (severity) {
            case P1 -> "respond now";
            case P2 -> "respond within 15 min";
            case P3 -> "respond within 30 min";
            case INFO -> "";
        };
    }

    /** The unit of a capacity action's values: RCU or WCU, the scaler's MinCapacity, or on-demand request units. */
    static String unit(Action action) {
        String unit = capacityUnit(action.type(), action.dimension());
        return switch (action.type()) {
            case RAISE_AUTOSCALING_MIN, RESTORE_AUTOSCALING_MIN -> unit + " floor";
            case RAISE_ON_DEMAND_MAX, RESTORE_ON_DEMAND_MAX -> "max " + unit;
            default -> unit;
        };
    }

    /** The unit a capacity value of that kind is in: RCU or WCU, or on-demand read or write request units per second. */
    public static String capacityUnit(ActionType type, Operation dimension) {
        boolean onDemand = type == ActionType.RAISE_ON_DEMAND_MAX || type == ActionType.RESTORE_ON_DEMAND_MAX;
        if (onDemand) {
            return (dimension == Operation.READ ? "read" : "write") + " request units/s";
        }
        return dimension == Operation.READ ? "RCU" : "WCU";
    }

    static String describe(Incident incident) {
        return switch (incident.cause()) {
            case KEY_RANGE -> "hot partition (key range throttling)";
            case PROVISIONED -> "provisioned throughput exceeded";
            case MAX_ON_DEMAND -> "on-demand maximum reached";
            case ACCOUNT_LIMIT -> "account table quota reached";
            case UTILIZATION -> "capacity utilization high";
            case LATENCY -> "request latency high";
            case UNKNOWN -> "throttling";
        };
    }

    static String line(Action action) {
        StringBuilder line = new StringBuilder();
        line.append(action.status()).append(' ').append(action.type());
        if (action.dimension() != null) {
            line.append(' ').append(action.dimension());
        }
        if (action.from() != null && action.to() != null) {
            line.append(' ').append(action.from()).append(" -> ").append(action.to()).append(' ').append(unit(action));
        }
        if (action.reason() != null) {
            line.append(" (").append(action.reason()).append(')');
        }
        return line.toString();
    }

    private static List<String> links(AlarmNotification alarm, ResourceId resource, Deployment deployment) {
        List<String> links = new ArrayList<>();
        String region = alarm.region();
        if (deployment.runbookUrl() != null) {
            links.add("Runbook: " + deployment.runbookUrl());
        }
        if (region == null) {
            return links;
        }
        String dashboardName = deployment.dashboardName();
        String console = "https://" + region + ".console.aws.amazon.com/";
        links.add("Table: " + console + "dynamodbv2/home?region=" + region + "#table?name=" + encode(resource.table()));
        links.add("Alarm: " + console + "cloudwatch/home?region=" + region + "#alarmsV2:alarm/" + encode(alarm.alarmName()));
        if (dashboardName != null) {
            links.add("Dashboard: " + console + "cloudwatch/home?region=" + region + "#dashboards/dashboard/"
                    + encode(dashboardName));
        }
        return links;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
