package io.throttleresponder.followup;

import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.respond.Fakes;
import io.throttleresponder.respond.Fixtures;
import io.throttleresponder.respond.Responder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ContributorWatchTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T03:51:00Z");
    private static final ResourceId ORDERS = ResourceId.table("orders");
    private static final AlarmNotification CONTRIBUTOR = EventFiles.notification("eventbridge-contributor-write-throttle-orders.json");

    private final Policy policy = PolicyParser.parse("{\"tables\": {\"orders\": {}}}", "test policy");
    private final TableSettings settings = policy.settingsFor("orders").orElseThrow();
    private final Fakes.Tables tables = new Fakes.Tables().with("orders", Fixtures.orders());
    private final Fakes.Metrics metrics = new Fakes.Metrics();
    private final Fakes.Actuator actuator = new Fakes.Actuator();
    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Notifier notifier = new Fakes.Notifier();
    private final Fakes.FollowUps followUps = new Fakes.FollowUps();
    private final Map<String, AlarmState> states = new HashMap<>(Map.of(CONTRIBUTOR.source(), AlarmState.ALARM));
    private final FollowUp watch = FollowUp.contributorWatch(CONTRIBUTOR, ORDERS, STARTED);

    private ContributorWatch watchAt(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Responder responder = Responder.builder()
                .policy(policy)
                .recoveries(new Recovery(policy, tables, metrics, names -> Map.of(), actuator, ledger, notifier, followUps, clock))
                .tables(tables)
                .metrics(metrics)
                .actuator(actuator)
                .followUps(followUps)
                .ledger(ledger)
                .notifier(notifier)
                .ownAccount(new OwnAccount("123456789012", "us-east-1"))
                .clock(clock)
                .build();
        return new ContributorWatch(metrics, names -> Map.copyOf(states), followUps, responder, notifier);
    }

    @Test
    void start_schedulesTheFirstLook_carryingTheContributorsAlarm() {
        Action started = watchAt(STARTED).start(CONTRIBUTOR, CONTRIBUTOR.source(), ORDERS, settings, STARTED).orElseThrow();

        assertThat(started.type()).isEqualTo(ActionType.WATCH_CONTRIBUTOR);
        assertThat(started.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(started.reason()).contains("WriteThrottleEvents on table/orders is read every 5 min");
        assertThat(followUps.scheduled).containsExactly(watch);
        assertThat(followUps.delays).containsExactly(ContributorWatch.LOOK_EVERY);
    }

    @Test
    void start_forAContributorWhoseAlarmTheFollowUpDidNotCarry_watchesNothing() {
        ContributorWatch contributors = watchAt(STARTED);

        assertThat(contributors.start(null, CONTRIBUTOR.source(), ORDERS, settings, STARTED)).isEmpty();
        assertThat(contributors.start(CONTRIBUTOR, CONTRIBUTOR.alarmName() + "/another", ORDERS, settings, STARTED)).isEmpty();
        assertThat(followUps.scheduled).isEmpty();
    }

    @Test
    void look_contributorLeftAlarm_endsTheWatch_asItsNextIncidentNotifiesOnItsOwn() {
        states.put(CONTRIBUTOR.source(), AlarmState.OK);

        FollowUpResult result = watchAt(STARTED.plusSeconds(300)).look(watch, settings, STARTED.plusSeconds(300));

        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(result.reason()).contains("is OK now").contains("sends its own notification");
        assertThat(followUps.scheduled).isEmpty();
        assertThat(metrics.calls).isEmpty();
    }

    @Test
    void look_stillInAlarmAndQuiet_looksAgainInFiveMinutes_changingNothing() {
        Instant now = STARTED.plusSeconds(300);

        FollowUpResult result = watchAt(now).look(watch, settings, now);

        assertThat(result.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(result.reason()).contains("still in ALARM").contains("had no throttle since 2026-11-21T03:50:00Z");
        assertThat(followUps.scheduled).containsExactly(watch);
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void look_throttlingAgainWhileInAlarm_isAnsweredAsTheContributorsAlarm_throughTheWholeResponse() {
        Instant now = Instant.parse("2026-11-21T06:01:00Z");
        metrics.peaks.put("WriteThrottleEvents", OptionalDouble.of(380));

        FollowUpResult result = watchAt(now).look(watch, settings, now);

        assertThat(result.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(result.reason()).startsWith("WriteThrottleEvents throttled again while " + CONTRIBUTOR.source());
        Action raise = result.actions().stream().filter(a -> a.type() == ActionType.UPDATE_PROVISIONED).findFirst().orElseThrow();
        assertThat(raise.status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(raise.to()).isEqualTo(150L);
        assertThat(notifier.published).hasSize(1);
        assertThat(notifier.published.get(0).text()).contains("peaked at 380.0/min");
    }

    @Test
    void look_atTheHorizon_stopsAndTellsTheTeamTheNextIncidentGoesUnheard() {
        Instant now = STARTED.plus(settings.recoveryHorizon()).minus(Duration.ofMinutes(2));

        FollowUpResult result = watchAt(now).look(watch, settings, now);

        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(result.reason()).contains("the watch stops at its horizon (24 h)");
        assertThat(followUps.scheduled).isEmpty();
        assertThat(result.actions()).extracting(Action::type, Action::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ActionType.NOTIFY, ActionStatus.APPLIED));
        assertThat(notifier.published).singleElement().satisfies(message -> {
            assertThat(message.subject()).isEqualTo("[throttle-responder] Unwatched: table/orders");
            assertThat(message.text()).contains("the next throttle on table/orders will send no notification")
                    .contains("name the table in the policy");
        });
    }
}
