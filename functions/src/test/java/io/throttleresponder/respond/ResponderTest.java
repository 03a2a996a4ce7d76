package io.throttleresponder.respond;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static io.throttleresponder.respond.Fixtures.INVENTORY;
import static io.throttleresponder.respond.Fixtures.ORDERS;
import static io.throttleresponder.respond.Fixtures.SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.throttleresponder.act.Actuator;
import io.throttleresponder.alarm.AlarmNotification;
import io.throttleresponder.alarm.EventFiles;
import io.throttleresponder.alarm.MetricQuery;
import io.throttleresponder.contract.BillingMode;
import io.throttleresponder.evidence.ApplicationKeyReader;
import io.throttleresponder.evidence.ApplicationKeys;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.followup.Recovery;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.Cause;
import io.throttleresponder.model.FollowUp;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Incident;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.Outcome;
import io.throttleresponder.model.Pause;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.model.Response;
import io.throttleresponder.model.TableState;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.notify.Severity;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.record.ReadOnlyLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponderTest {

    private static final String ALL_TABLES = "{\"tables\": {\"orders\": {}, \"sessions\": {}, \"inventory\": {}},"
            + " \"sensor\": {\"namespace\": \"ThrottleSensor\"}}";
    private static final String WITH_SENSOR_LOGS = "{\"tables\": {\"orders\": {}, \"sessions\": {}},"
            + " \"sensor\": {\"namespace\": \"ThrottleSensor\", \"logGroups\": [\"/aws/lambda/orders-api\"]}}";
    private static final Instant NOW = Instant.parse("2026-11-21T03:16:00Z");

    private final Fakes.Tables tables = new Fakes.Tables()
            .with("orders", Fixtures.orders())
            .with("sessions", Fixtures.sessions())
            .with("inventory", Fixtures.inventory());
    private final Fakes.Metrics metrics = new Fakes.Metrics();
    private final Fakes.Actuator actuator = new Fakes.Actuator();
    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Notifier notifier = new Fakes.Notifier();
    private final Fakes.FollowUps followUps = new Fakes.FollowUps();

    private ResponderBuilder builder(String policy) {
        Policy parsed = PolicyParser.parse(policy, "test policy");
        return Responder.builder()
                .policy(parsed)
                .recoveries(new Recovery(parsed, tables, metrics, names -> Map.of(), actuator, ledger, notifier, followUps,
                        Clock.fixed(NOW, ZoneOffset.UTC)))
                .tables(tables)
                .metrics(metrics)
                .actuator(actuator)
                .followUps(followUps)
                .ledger(ledger)
                .notifier(notifier)
                .ownAccount(new OwnAccount("123456789012", "us-east-1"))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Response respond(String file) {
        return respond(ALL_TABLES, file);
    }

    private Response respond(String policy, String file) {
        return builder(policy).build().respond(EventFiles.notification(file));
    }

    private static Action action(Response response, ActionType type) {
        List<Action> matching = response.actions().stream().filter(a -> a.type() == type).toList();
        assertThat(matching).as(type + " in " + response.actions()).hasSize(1);
        return matching.get(0);
    }

    private static AlarmNotification later(AlarmNotification alarm, Duration by) {
        return new AlarmNotification(alarm.delivery(), alarm.alarmName(), alarm.alarmArn(), alarm.accountId(), alarm.region(),
                alarm.state(), alarm.previousState(), alarm.stateChangeTime().plus(by), alarm.reason(), alarm.threshold(),
                alarm.metrics(), alarm.comparisonOperator(), alarm.datapoints(), alarm.alarmRule(), alarm.contributor(),
                alarm.mute(), alarm.band());
    }

    private static AlarmNotification from(AlarmNotification alarm, String accountId, String region) {
        return new AlarmNotification(alarm.delivery(), alarm.alarmName(), alarm.alarmArn(), accountId, region,
                alarm.state(), alarm.previousState(), alarm.stateChangeTime(), alarm.reason(), alarm.threshold(),
                alarm.metrics());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sns-write-provisioned-orders.json", "sns-ok-write-provisioned-orders.json"})
    void respond_alarmOfAnotherAccount_isIgnoredNamingTheAccount_andTouchesNothing(String file) {
        AlarmNotification alarm = from(EventFiles.notification(file), "274527156693", "us-east-1");

        Response response = builder(ALL_TABLES).build().respond(alarm);

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("account 274527156693").contains("123456789012");
        assertThat(actuator.calls).isEmpty();
        assertThat(ledger.claims).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void respond_alarmOfAnotherRegion_isIgnoredNamingTheRegion() {
        AlarmNotification alarm = from(EventFiles.notification("sns-write-provisioned-orders.json"), "123456789012",
                "ap-northeast-1");

        Response response = builder(ALL_TABLES).build().respond(alarm);

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("Region ap-northeast-1").contains("us-east-1");
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void respond_alarmNamingNeitherAccountNorRegion_isTakenAsThisAccounts() {
        AlarmNotification alarm = from(EventFiles.notification("sns-write-provisioned-orders.json"), null, null);

        assertThat(builder(ALL_TABLES).build().respond(alarm).outcome()).isEqualTo(Outcome.ACTED);
    }

    @Test
    void respond_alarmWhoseMetricLivesInAnotherAccount_isIgnoredNamingThatAccount_andTouchesNothing() {
        Response response = respond("sns-cross-account-metric-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("lives in account 775096123702").contains("not supported yet");
        assertThat(actuator.calls).isEmpty();
        assertThat(ledger.claims).isEmpty();
    }

    @Test
    void respond_whilePaused_changesNothing_andTellsWhatItWouldHaveDone() {
        ledger.pause(new Pause("alice", NOW, "load test"));

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).isEqualTo("paused by an operator");
        Action raise = action(response, ActionType.UPDATE_PROVISIONED);
        assertThat(raise.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(raise.reason()).isEqualTo("paused by an operator: x3");
        assertThat(raise.to()).isEqualTo(150L);
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).hasSize(1);
    }

    @Test
    void respond_mutedAlarm_actsOnNothingAndTellsNoOne_byDefault_butIsRecorded() {
        Response response = respond("eventbridge-muted-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).startsWith("muted: alarm mute rule orders-load-test (2026-11-22T06:00:00Z to"
                + " 2026-11-22T08:00:00Z)").contains("notifyWhenMuted");
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();
        assertThat(ledger.records).containsExactly(response);
    }

    @Test
    void respond_mutedAlarm_withNotifyWhenMuted_plansAndTellsButChangesNothing() {
        Response response = respond("{\"tables\": {\"orders\": {\"notifyWhenMuted\": true}}}",
                "eventbridge-muted-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).isEqualTo("alarm actions are muted by an alarm mute rule");
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).reason())
                .startsWith("alarm actions are muted by an alarm mute rule: ");
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).hasSize(1);
    }

    @Test
    void respond_muteWindowThatDoesNotCoverTheChange_acts() {
        AlarmNotification muted = EventFiles.notification("eventbridge-muted-write-provisioned-orders.json");
        AlarmNotification after = new AlarmNotification(muted.delivery(), muted.alarmName(), muted.alarmArn(),
                muted.accountId(), muted.region(), muted.state(), muted.previousState(), muted.mute().end(), muted.reason(),
                muted.threshold(), muted.metrics(), null, muted.datapoints(), null, null, muted.mute(), null);

        assertThat(builder(ALL_TABLES).build().respond(after).outcome()).isEqualTo(Outcome.ACTED);
    }

    @ParameterizedTest
    @CsvSource({"20, 5, WRITE", "5, 20, READ"})
    void respond_readAndWriteMath_answersTheOperationWhosePerCauseMetricsThrottleMore(double writes, double reads,
                                                                                         Operation expected) {
        metrics.eventsByOperation.put(Operation.WRITE, Map.of(Cause.PROVISIONED, writes));
        metrics.eventsByOperation.put(Operation.READ, Map.of(Cause.PROVISIONED, reads));

        Response response = respond("sns-read-write-throttle-math-orders.json");

        Action raise = action(response, ActionType.UPDATE_PROVISIONED);
        assertThat(raise.dimension()).isEqualTo(expected);
        assertThat(raise.status()).isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void respond_readAndWriteMath_readsEachOperationsPerCauseEventsOnce() {
        metrics.eventsByOperation.put(Operation.WRITE, Map.of(Cause.PROVISIONED, 20.0));

        respond("sns-read-write-throttle-math-orders.json");

        assertThat(metrics.calls).filteredOn(c -> c.startsWith("throttleEventsByCause table/orders WRITE")).hasSize(1);
        assertThat(metrics.calls).filteredOn(c -> c.startsWith("throttleEventsByCause table/orders READ")).hasSize(1);
    }

    @Test
    void respond_readAndWriteMathWithoutDatapoints_changesNoCapacity_andSaysSo() {
        Response response = respond("sns-read-write-throttle-math-orders.json");

        assertThat(response.actions()).noneMatch(a -> a.type().changesCapacity());
        assertThat(response.findings()).singleElement().asString().startsWith("Reads and writes of table/orders are alarmed together");
        assertThat(notifier.published).hasSize(1);
    }

    @Test
    void respond_consumedCapacityAlarmOfLowUtilization_notifiesButRaisesNothing() {
        Response response = respond("sns-write-consumed-absolute-orders.json");

        Action skipped = action(response, ActionType.UPDATE_PROVISIONED);
        assertThat(skipped.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(skipped.reason()).contains("4.2 WCU/s, is 8% of the provisioned 50");
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).hasSize(1);
    }

    @Test
    void respond_contributorsOfOneAlarm_areOrderedEachOnItsOwn() {
        AlarmNotification orders = EventFiles.notification("eventbridge-contributor-write-throttle-orders.json");
        AlarmNotification sessions = EventFiles.notification("alarm-action-contributor-write-throttle-sessions.json");
        Responder responder = builder(ALL_TABLES).build();

        Response first = responder.respond(later(orders, Duration.ofMinutes(1)));
        Response second = responder.respond(sessions);

        assertThat(first.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(second.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(ledger.incidents.get(ResourceId.table("sessions")).alarms())
                .containsExactly("throttle-responder-all-tables-WriteThrottleEvents/a91f03c2b7d64e55");
    }

    @Test
    void respond_provisionedAlarm_scalesEnablesInsightsSchedulesNotifiesAndRecords() {
        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(response.reason()).isNull();
        assertThat(response.incident()).isEqualTo(new Incident(ORDERS, Operation.WRITE, Cause.PROVISIONED,
                "WriteProvisionedThroughputThrottleEvents", false));
        assertThat(response.actions()).extracting(Action::type, Action::status).containsExactly(
                tuple(ActionType.UPDATE_PROVISIONED, ActionStatus.APPLIED),
                tuple(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, ActionStatus.APPLIED),
                tuple(ActionType.SCHEDULE_HOT_KEY_SUMMARY, ActionStatus.APPLIED),
                tuple(ActionType.NOTIFY, ActionStatus.APPLIED));
        assertThat(action(response, ActionType.UPDATE_PROVISIONED)).extracting(Action::from, Action::to)
                .containsExactly(50L, 150L);
        assertThat(actuator.calls).containsExactly(
                "updateProvisioned table/orders WRITE 150 (READ stays 100)",
                "enableContributorInsights table/orders THROTTLED_KEYS");

        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        assertThat(followUps.scheduled).containsExactly(FollowUp.hotKeySummary(alarm.alarmName(),
                ORDERS, Operation.WRITE, alarm.stateChangeTime(), 3));
        assertThat(followUps.delays).containsExactly(Duration.ofMinutes(5));

        assertThat(notifier.published).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("[P2] orders: raised WCU 50 -> 150 | 123456789012 us-east-1");
            assertThat(m.text()).contains("APPLIED UPDATE_PROVISIONED WRITE 50 -> 150 WCU");
        });
        assertThat(response.message()).isEqualTo(new Response.Message(
                "[P2] orders: raised WCU 50 -> 150 | 123456789012 us-east-1", Severity.P2));

        assertThat(ledger.claims).containsOnlyKeys(alarm.stateChangeKey());
        assertThat(ledger.records).containsExactly(response);
        assertThat(ledger.capacityChanges).containsEntry(History.key(ORDERS, Operation.WRITE), NOW);
        assertThat(ledger.preIncidentValues).containsEntry(History.key(ORDERS, Operation.WRITE), 50L);
        assertThat(metrics.calls).containsExactly("consumedPeak table/orders WRITE " + NOW);
    }

    @Test
    void respond_consumedPeakAboveFactor_scalesToPeakPlusHeadroom() {
        metrics.peak = OptionalDouble.of(400);

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(480);
        assertThat(actuator.calls).contains("updateProvisioned table/orders WRITE 480 (READ stays 100)");
    }

    @Test
    void respond_gsiAlarm_updatesTheIndexKeepingItsOtherDimension() {
        Response response = respond("sns-read-provisioned-orders-by-status.json");

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(actuator.calls).containsExactly(
                "updateProvisioned table/orders/index/by-status READ 150 (WRITE stays 25)",
                "enableContributorInsights table/orders/index/by-status THROTTLED_KEYS");
    }

    @Test
    void respond_autoScaledTable_registersScalableTargetAndNeverUpdatesTable() {
        Response response = respond("sns-write-provisioned-inventory.json");

        assertThat(action(response, ActionType.RAISE_AUTOSCALING_MIN).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(actuator.calls).containsExactly(
                "registerScalableTarget table/inventory WRITE 300-1000",
                "enableContributorInsights table/inventory THROTTLED_KEYS");
        assertThat(ledger.preIncidentValues).containsEntry(History.key(INVENTORY, Operation.WRITE), 100L);
    }

    @Test
    void respond_autoScaledTargetAboveMaxCapacity_raisesMaxCapacityToo() {
        tables.with("inventory", new TableState(BillingMode.PROVISIONED,
                Fixtures.withTargets(Fixtures.provisioned(INVENTORY, 200, 900), Fixtures.inventory().table().scalableTargets()),
                Map.of(), TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA));

        respond("alarm-action-write-provisioned-inventory.json");

        assertThat(actuator.calls).contains("registerScalableTarget table/inventory WRITE 2700-2700");
    }

    @Test
    void respond_onDemandMaximumReached_raisesThatMaximumOnly() {
        Response response = respond("sns-read-max-on-demand-sessions.json");

        assertThat(action(response, ActionType.RAISE_ON_DEMAND_MAX)).extracting(Action::from, Action::to, Action::status)
                .containsExactly(1000L, 3000L, ActionStatus.APPLIED);
        assertThat(actuator.calls).contains("updateOnDemandMaximum table/sessions READ 3000 (WRITE stays 500)");
        assertThat(metrics.calls).containsExactly("consumedPeak table/sessions READ " + NOW);
    }

    @Test
    void respond_keyRangeAlarm_changesNoCapacityButEnablesInsightsAndNotifies() {
        Response response = respond("sns-write-key-range-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(response.actions()).noneMatch(a -> a.type().changesCapacity());
        assertThat(actuator.calls).containsExactly("enableContributorInsights table/orders THROTTLED_KEYS");
        assertThat(response.findings()).singleElement().asString().contains("Shard");
        assertThat(notifier.published).singleElement().satisfies(m -> assertThat(m.text()).contains("Shard"));
    }

    @Test
    void respond_latencyAlarm_onlyNotifies() {
        Response response = respond("sns-latency-orders.json");

        assertThat(response.actions()).extracting(Action::type, Action::status)
                .containsExactly(tuple(ActionType.NOTIFY, ActionStatus.APPLIED));
        assertThat(actuator.calls).isEmpty();
        assertThat(followUps.scheduled).isEmpty();
        assertThat(metrics.calls).isEmpty();
        assertThat(notifier.published).hasSize(1);
    }

    @Test
    void respond_insufficientData_isIgnoredWithReasonAndTouchesNothing() {
        Response response = respond("sns-insufficient-data-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).startsWith("alarm state is INSUFFICIENT_DATA");
        assertThat(response.actions()).isEmpty();
        assertThat(ledger.calls).isEmpty();
        assertThat(tables.reads).isEmpty();
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sns-ok-write-provisioned-orders.json", "eventbridge-ok-write-provisioned-orders.json"})
    void respond_okWhenTheResponderChangedNothing_isIgnoredAndSchedulesNoRecovery(String file) {
        Response response = respond(file);

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("changed nothing on table/orders to undo");
        assertThat(followUps.scheduled).isEmpty();
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void respond_okAfterTheResponderActed_schedulesRecoveryAfterTheQuietPeriod() {
        Responder responder = builder(ALL_TABLES).build();
        responder.respond(EventFiles.notification("sns-write-provisioned-orders.json"));
        followUps.scheduled.clear();
        followUps.delays.clear();

        AlarmNotification ok = EventFiles.notification("sns-ok-write-provisioned-orders.json");
        Response response = responder.respond(ok);

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(response.actions()).extracting(Action::type, Action::status)
                .containsExactly(tuple(ActionType.SCHEDULE_RECOVERY, ActionStatus.APPLIED));
        // The incident is timed by CloudWatch's state changes, so a late duplicate cannot move it.
        assertThat(followUps.scheduled).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FollowUp.Kind.RECOVERY);
            assertThat(f.resource()).isEqualTo(ORDERS);
            assertThat(f.since()).isEqualTo(ok.stateChangeTime());
        });
        assertThat(followUps.delays).containsExactly(Duration.ofMinutes(30));
        assertThat(ledger.incidents.get(ORDERS).okAt()).isEqualTo(ok.stateChangeTime());
    }

    @Test
    void respond_recordFailsAfterChanges_keepsTheClaimSoARetryCannotActTwice() {
        ledger.recordFailure = new IllegalStateException("ledger throttled");
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");

        assertThatThrownBy(() -> builder(ALL_TABLES).build().respond(alarm)).hasMessage("ledger throttled");

        assertThat(ledger.released).isEmpty();
        assertThat(ledger.claims).containsKey(alarm.stateChangeKey());
    }

    @Test
    void respond_nonDynamoDbAlarm_isIgnoredWithReason() {
        Response response = respond("sns-non-dynamodb.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("AWS/EC2");
        assertThat(response.incident()).isNull();
        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void respond_unwatchedTable_isIgnoredWithoutClaiming() {
        Response response = respond("{\"tables\": {\"orders\": {\"scaleFactor\": 2.0}, \"sessions\": {}}}",
                "sns-write-provisioned-inventory.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).isEqualTo("table inventory is not watched by the policy");
        assertThat(response.incident().resource()).isEqualTo(INVENTORY);
        assertThat(ledger.calls).isEmpty();
        assertThat(tables.reads).isEmpty();
    }

    private static final String ALL_ACCOUNT_TABLES = "{\"watchAllTables\": true, \"tables\": {\"sessions\": {}}}";

    private Response respondWithTags(String policy, Map<String, String> ordersTags, String file) {
        return builder(policy).tags(table -> table.equals("orders") ? ordersTags : Map.of()).build()
                .respond(EventFiles.notification(file));
    }

    @Test
    void respond_unnamedTableWithoutTheOptInTag_changesNothing_notifiesHowToOptIn_andLeavesContributorInsightsOff() {
        Response response = respondWithTags(ALL_ACCOUNT_TABLES, Map.of("team", "checkout"), "sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).startsWith("not opted in");
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(response.actions()).extracting(Action::type).doesNotContain(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS);
        assertThat(response.findings()).contains("tag table orders throttle-responder:act=true to let the responder change it");
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).singleElement().satisfies(message ->
                assertThat(message.subject()).contains("orders: not opted in: would raise WCU 50 -> 150"));
    }

    @Test
    void respond_unnamedTableWithoutTheOptInTag_getsContributorInsightsWhenThePolicyAllowsIt() {
        Response response = respondWithTags("{\"watchAllTables\": true, \"unnamedTables\": "
                + "{\"contributorInsightsWithoutOptIn\": true}, \"tables\": {}}", Map.of(), "sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action(response, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void respond_unnamedTableWithTheOptInTag_isAnsweredWithTheDefaults() {
        Response response = respondWithTags(ALL_ACCOUNT_TABLES, Map.of("throttle-responder:act", "true"),
                "sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(150);
    }

    @Test
    void respond_unnamedTableWithAnotherValueOfTheTag_hasNotOptedIn() {
        Response response = respondWithTags(ALL_ACCOUNT_TABLES, Map.of("throttle-responder:act", "false"),
                "sns-write-provisioned-orders.json");

        assertThat(response.reason()).startsWith("not opted in");
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void respond_namedTableUnderWatchAllTables_needsNoTag() {
        Response response = builder(ALL_ACCOUNT_TABLES).tags(table -> {
            throw new AssertionError("a named table's tags are not read");
        }).build().respond(EventFiles.notification("sns-write-max-on-demand-sessions.json"));

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
    }

    @Test
    void build_policyWatchingAllTables_withoutATagReader_failsAtWiring() {
        assertThatThrownBy(() -> builder(ALL_ACCOUNT_TABLES).build()).hasMessageContaining("tags");
    }

    @Test
    void respond_tableOverrideFromPolicy_isApplied() {
        Response response = respond("{\"tables\": {\"orders\": {\"scaleFactor\": 2.0}}}", "sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(100);
    }

    @Test
    void respond_sameChangeDeliveredTwice_actsOnceAndIgnoresDuplicate() {
        Responder responder = builder(ALL_TABLES).build();

        Response first = responder.respond(EventFiles.notification("sns-write-provisioned-orders.json"));
        Response second = responder.respond(EventFiles.notification("eventbridge-write-provisioned-orders.json"));

        assertThat(first.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(second.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(second.reason()).startsWith("duplicate delivery");
        assertThat(actuator.calls).filteredOn(c -> c.startsWith("updateProvisioned")).hasSize(1);
        assertThat(notifier.published).hasSize(1);
        assertThat(ledger.records).as("the duplicate is accounted for too").containsExactly(first, second);
    }

    @Test
    void respond_laterTransitionWithinCooldown_skipsCapacityButStillNotifies() {
        Responder responder = builder(ALL_TABLES).build();
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        responder.respond(alarm);
        // Writes still at the raised 150: the demand would justify a second raise, but not within the cooldown.
        metrics.peak = OptionalDouble.of(150);

        Response again = responder.respond(later(alarm, Duration.ofMinutes(3)));

        assertThat(again.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(action(again, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action(again, ActionType.UPDATE_PROVISIONED).reason()).startsWith("cooldown");
        assertThat(actuator.calls).filteredOn(c -> c.startsWith("updateProvisioned")).hasSize(1);
        assertThat(notifier.published).hasSize(2);
    }

    @Test
    void respond_alarmFlappingWhileDemandIsBelowTheRaisedCapacity_raisesOnce_neverCompounding() {
        Responder responder = builder("{\"defaults\": {\"cooldownMinutes\": 0}, \"tables\": {\"orders\": {}}}").build();
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        metrics.peak = OptionalDouble.of(60);
        responder.respond(alarm);
        tables.with("orders", Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 150)));

        Response flap = responder.respond(later(alarm, Duration.ofMinutes(20)));

        assertThat(action(flap, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(action(flap, ActionType.UPDATE_PROVISIONED).reason())
                .isEqualTo("no second raise in this incident: the responder raised it already, and the demand (peak 60/s)"
                        + " is not near the current 150");
        assertThat(actuator.calls).filteredOn(c -> c.startsWith("updateProvisioned")).containsExactly(
                "updateProvisioned table/orders WRITE 150 (READ stays 100)");
    }

    @Test
    void respond_secondRaiseWhileDemandPressesTheRaisedCapacity_isCappedAtTheIncidentCeiling() {
        Responder responder = builder("{\"defaults\": {\"cooldownMinutes\": 0, \"maxIncidentFactor\": 4},"
                + " \"tables\": {\"orders\": {}}}").build();
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        responder.respond(alarm);
        tables.with("orders", Fixtures.orders(Fixtures.provisioned(ORDERS, 100, 150)));
        metrics.peak = OptionalDouble.of(148);

        Response again = responder.respond(later(alarm, Duration.ofMinutes(20)));

        // x3 of 150 would be 450; four times the pre-incident 50 is the ceiling.
        assertThat(action(again, ActionType.UPDATE_PROVISIONED)).extracting(Action::from, Action::to, Action::status)
                .containsExactly(150L, 200L, ActionStatus.APPLIED);
        assertThat(action(again, ActionType.UPDATE_PROVISIONED).reason()).contains("capped at 200");
    }

    @Test
    void respond_alarmDeliveredAfterItsOwnLaterOk_actsOnNothing_andIsRecorded() {
        Responder responder = builder(ALL_TABLES).build();
        responder.respond(EventFiles.notification("sns-ok-write-provisioned-orders.json"));

        Response late = responder.respond(EventFiles.notification("sns-write-provisioned-orders.json"));

        assertThat(late.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(late.reason()).startsWith("out of order: a later state change of throttle-responder-orders-WriteProvisionedThroughputThrottleEvents");
        assertThat(late.actions()).isEmpty();
        assertThat(actuator.calls).isEmpty();
        assertThat(ledger.records).contains(late);
    }

    @Test
    void respond_sameStateChangeAgainAfterAFailedAttempt_isInOrder() {
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");
        ledger.advanceAlarm(alarm.alarmName(), alarm.stateChangeTime(), NOW);

        assertThat(builder(ALL_TABLES).build().respond(alarm).outcome()).isEqualTo(Outcome.ACTED);
    }

    @Test
    void respond_aggregateWriteAlarmOfATableWhoseIndexLacksCapacity_scalesTheIndex_notTheTable() {
        metrics.eventsByResource.put(ORDERS, Map.of(Cause.ACCOUNT_LIMIT, 0.0));
        metrics.eventsByResource.put(BY_STATUS, Map.of(Cause.PROVISIONED, 300.0));
        AlarmNotification alarm = EventFiles.notification("sns-write-throttle-aggregate-sessions.json");
        AlarmNotification ordersAggregate = new AlarmNotification(alarm.delivery(), "throttle-responder-orders-WriteThrottleEvents",
                alarm.alarmArn(), alarm.accountId(), alarm.region(), alarm.state(), alarm.previousState(),
                alarm.stateChangeTime(), alarm.reason(), alarm.threshold(), List.of(new MetricQuery(
                        "m1", "AWS/DynamoDB", "WriteThrottleEvents", Map.of("TableName", "orders"), "Sum", null, true)));

        Response response = builder(ALL_TABLES).build().respond(ordersAggregate);

        assertThat(response.incident()).isEqualTo(new Incident(BY_STATUS, Operation.WRITE, Cause.PROVISIONED,
                "WriteThrottleEvents", false));
        assertThat(action(response, ActionType.UPDATE_PROVISIONED)).extracting(Action::resource, Action::from, Action::to)
                .containsExactly(BY_STATUS, 25L, 75L);
        assertThat(actuator.calls).contains("updateProvisioned table/orders/index/by-status WRITE 75 (READ stays 50)");
    }

    @Test
    void respond_raiseWhileTheAccountsOtherTablesHoldMostOfItsQuota_takesOnlyWhatIsLeft() {
        // 99.9 % of the account's 80,000 WCU are held: 80 are left for orders, at 50 now.
        metrics.accountUtilization = OptionalDouble.of(99.9);

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.UPDATE_PROVISIONED)).extracting(Action::from, Action::to)
                .containsExactly(50L, 130L);
        assertThat(response.findings()).singleElement().asString()
                .startsWith("The account's provisioned WCU quota in the Region (80000) leaves 80 WCU for table/orders");
    }

    @Test
    void respond_tableNotFound_isIgnoredWithReason() {
        tables.tables.remove("orders");

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).isEqualTo("table orders does not exist");
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();
    }

    @Test
    void respond_indexNotFound_notifiesWithFindingOnly() {
        tables.with("orders", new TableState(BillingMode.PROVISIONED, Fixtures.provisioned(ORDERS, 100, 50), Map.of(),
                TableState.DEFAULT_TABLE_QUOTA, TableState.DEFAULT_TABLE_QUOTA));

        Response response = respond("sns-read-provisioned-orders-by-status.json");

        assertThat(response.actions()).extracting(Action::type).containsExactly(ActionType.NOTIFY);
        assertThat(response.findings()).singleElement().asString().contains("Index by-status does not exist");
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void respond_dryRun_plansEverythingAndCallsNoActuator() {
        Response response = respond("{\"dryRun\": true, \"tables\": {\"orders\": {}}}", "sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).isEqualTo("dry run");
        assertThat(response.actions()).filteredOn(a -> a.type() != ActionType.NOTIFY).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(a.reason()).startsWith("dry run: ");
        });
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(150);
        assertThat(actuator.calls).isEmpty();
        assertThat(followUps.scheduled).isEmpty();
        assertThat(ledger.capacityChanges).isEmpty();
        assertThat(notifier.published).hasSize(1);
        assertThat(ledger.records).containsExactly(response);
    }

    @Test
    void respond_tableDryRun_plansForThatTable() {
        Response response = respond("{\"tables\": {\"orders\": {\"dryRun\": true}}}", "sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(actuator.calls).isEmpty();
    }

    @Test
    void respond_killSwitch_skipsActionsAndCallsNoActuator() {
        Response response = respond("{\"killSwitch\": true, \"tables\": {\"orders\": {}}}", "sns-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).isEqualTo("kill switch is on");
        assertThat(response.actions()).filteredOn(a -> a.type() != ActionType.NOTIFY)
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED));
        assertThat(actuator.calls).isEmpty();
        assertThat(followUps.scheduled).isEmpty();
        assertThat(ledger.calls).doesNotContain("reserveCapacityChange");
    }

    @Test
    void respond_planOnly_writesNothingAnywhere() {
        Response response = builder(ALL_TABLES).ledger(new ReadOnlyLedger()).planOnly(true).build()
                .respond(EventFiles.notification("sns-write-provisioned-orders.json"));

        assertThat(response.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(response.reason()).isEqualTo("plan only: no change made");
        assertThat(response.actions()).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(a.reason()).startsWith("plan only: ");
        });
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).to()).isEqualTo(150);
        assertThat(notifier.published).isEmpty();
        assertThat(actuator.calls).isEmpty();
        assertThat(followUps.scheduled).isEmpty();
    }

    @Test
    void respond_actuatorThrows_failsThatActionButRunsOthersAndStillNotifies() {
        actuator.failing.add("updateProvisioned");

        Response response = respond("sns-write-provisioned-orders.json");

        Action scale = action(response, ActionType.UPDATE_PROVISIONED);
        assertThat(scale.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(scale.reason()).contains("failed: updateProvisioned refused (AccessDeniedException)");
        assertThat(action(response, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(action(response, ActionType.SCHEDULE_HOT_KEY_SUMMARY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(action(response, ActionType.NOTIFY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(response.anyFailed()).isTrue();
        assertThat(notifier.published).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("FAILED UPDATE_PROVISIONED WRITE 50 -> 150"));
        assertThat(ledger.records).containsExactly(response);
    }

    @Test
    void respond_insightsCallThrows_failsOnlyInsights() {
        actuator.failing.add("enableContributorInsights");

        Response response = respond("sns-write-key-range-orders.json");

        assertThat(action(response, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(action(response, ActionType.SCHEDULE_HOT_KEY_SUMMARY).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(action(response, ActionType.NOTIFY).status()).isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void respond_notifierThrows_failsNotifyAndStillRecords() {
        notifier.failure = new IllegalStateException("topic gone");

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.NOTIFY).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(action(response, ActionType.NOTIFY).reason()).contains("topic gone");
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(ledger.records).containsExactly(response);
    }

    @Test
    void respond_reservationRefusedByConcurrentChange_skipsCapacityChange() {
        ledger.changedElsewhere.put(History.key(ORDERS, Operation.WRITE), NOW.minusSeconds(10));

        Response response = respond("sns-write-provisioned-orders.json");

        Action scale = action(response, ActionType.UPDATE_PROVISIONED);
        assertThat(scale.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(scale.reason()).isEqualTo("another response changed table/orders WRITE within the cooldown");
        assertThat(actuator.calls).containsExactly("enableContributorInsights table/orders THROTTLED_KEYS");
        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
    }

    @Test
    void respond_tableUpdating_skipsCapacityChange() {
        tables.with("orders", Fixtures.orders(Fixtures.withStatus(Fixtures.provisioned(ORDERS, 100, 50), "UPDATING")));

        Response response = respond("sns-write-provisioned-orders.json");

        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(actuator.calls).noneMatch(c -> c.startsWith("updateProvisioned"));
        assertThat(ledger.calls).doesNotContain("reserveCapacityChange");
    }

    @Test
    void respond_stateReadThrows_releasesClaimAndPropagates() {
        tables.failure = new IllegalStateException("DescribeTable throttled");
        Responder responder = builder(ALL_TABLES).build();
        AlarmNotification alarm = EventFiles.notification("sns-write-provisioned-orders.json");

        assertThatThrownBy(() -> responder.respond(alarm))
                .isInstanceOf(IllegalStateException.class).hasMessage("DescribeTable throttled");

        assertThat(ledger.released).containsExactly(alarm.stateChangeKey());
        assertThat(ledger.claims).isEmpty();
        assertThat(ledger.records).isEmpty();
        assertThat(actuator.calls).isEmpty();
        assertThat(notifier.published).isEmpty();

        tables.failure = null;
        assertThat(responder.respond(alarm).outcome()).isEqualTo(Outcome.ACTED);
    }

    @Test
    void respond_withoutFollowUpScheduler_skipsSummaryWithReason() {
        Response response = builder(ALL_TABLES).followUps(null).build()
                .respond(EventFiles.notification("sns-write-key-range-orders.json"));

        Action summary = action(response, ActionType.SCHEDULE_HOT_KEY_SUMMARY);
        assertThat(summary.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(summary.reason()).contains("no follow-up queue is configured").contains("FOLLOW_UP_QUEUE_URL");
        assertThat(action(response, ActionType.NOTIFY).status()).isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void respond_aggregateAlarm_isRefinedByPerCauseMetrics() {
        metrics.eventsByCause = Map.of(Cause.KEY_RANGE, 120.0);

        Response response = respond("sns-read-throttle-aggregate-orders.json");

        // The consumed peak is read alongside, before the cause is known, so the scale-up does not wait for it.
        assertThat(metrics.calls).contains("throttleEventsByCause table/orders READ " + NOW);
        assertThat(response.incident().cause()).isEqualTo(Cause.KEY_RANGE);
        assertThat(response.incident().aggregate()).isFalse();
        assertThat(response.actions()).noneMatch(a -> a.type().changesCapacity());
        assertThat(response.findings()).singleElement().asString().contains("Cache");
    }

    @Test
    void respond_aggregateAlarmShowingTwoCauses_answersEach_capacityForOneAndKeysForTheOther() {
        metrics.eventsByCause = Map.of(Cause.KEY_RANGE, 120.0, Cause.PROVISIONED, 30.0);

        Response response = respond("sns-read-throttle-aggregate-orders.json");

        assertThat(response.incident().cause()).isEqualTo(Cause.PROVISIONED);
        assertThat(action(response, ActionType.UPDATE_PROVISIONED)).extracting(Action::from, Action::to, Action::status)
                .containsExactly(100L, 300L, ActionStatus.APPLIED);
        assertThat(response.findings()).singleElement().asString().startsWith("Also a hot partition").contains("Cache");
        assertThat(action(response, ActionType.ENABLE_CONTRIBUTOR_INSIGHTS).status()).isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void respond_aggregateAlarmWithoutDatapointsOnProvisionedTable_scalesAsProvisioned() {
        Response response = respond("sns-read-throttle-aggregate-orders.json");

        assertThat(response.incident().cause()).isEqualTo(Cause.PROVISIONED);
        // The table shows no cause: its GSI's per-cause metrics are read too, in case the index is short.
        assertThat(metrics.calls).containsExactlyInAnyOrder("throttleEventsByCause table/orders READ " + NOW,
                "consumedPeak table/orders READ " + NOW, "throttleEventsByCause table/orders/index/by-status READ " + NOW);
        assertThat(actuator.calls).contains("updateProvisioned table/orders READ 300 (WRITE stays 50)");
    }

    @Test
    void respond_aggregateAlarmWithoutDatapointsOnOnDemandTable_raisesOnDemandMaximum() {
        Response response = respond("sns-write-throttle-aggregate-sessions.json");

        assertThat(response.incident().cause()).isEqualTo(Cause.MAX_ON_DEMAND);
        assertThat(actuator.calls).contains("updateOnDemandMaximum table/sessions WRITE 1500 (READ stays 1000)");
    }

    @Test
    void respond_metricsReadThrows_releasesClaimAndPropagates() {
        MetricsReader failing = new MetricsReader() {
            @Override
            public Map<Cause, Double> throttleEventsByCause(ResourceId resource, Operation operation, Instant now) {
                throw new IllegalStateException("GetMetricData failed");
            }

            @Override
            public OptionalDouble consumedPeak(ResourceId resource, Operation operation, Instant now) {
                throw new IllegalStateException("GetMetricData failed");
            }

            @Override
            public OptionalDouble accountProvisionedUtilization(Operation operation, Instant now) {
                throw new IllegalStateException("GetMetricData failed");
            }

            @Override
            public OptionalDouble peak(ResourceId resource, String metricName, Instant from, Instant to) {
                throw new IllegalStateException("GetMetricData failed");
            }
        };
        Responder responder = builder(ALL_TABLES).metrics(failing).build();
        AlarmNotification alarm = EventFiles.notification("sns-read-throttle-aggregate-orders.json");

        assertThatThrownBy(() -> responder.respond(alarm)).hasMessage("GetMetricData failed");
        assertThat(ledger.released).containsExactly(alarm.stateChangeKey());
        assertThat(actuator.calls).isEmpty();
    }

    /** The "expected responder behaviour" column of events/README.md, with every table watched. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "sns-write-provisioned-orders.json,             ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "eventbridge-write-provisioned-orders.json,     ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "sns-read-provisioned-orders-by-status.json,    ACTED,   UPDATE_PROVISIONED,    table/orders/index/by-status,  READ,  50,   150",
            "alarm-action-read-provisioned-orders.json,     ACTED,   UPDATE_PROVISIONED,    table/orders,                  READ,  100,  300",
            "sns-write-key-range-orders.json,               ACTED,   -,                     -,                             -,     -,    -",
            "alarm-action-write-key-range-orders.json,      ACTED,   -,                     -,                             -,     -,    -",
            "sns-read-key-range-orders-by-status.json,      ACTED,   -,                     -,                             -,     -,    -",
            "sns-read-max-on-demand-sessions.json,          ACTED,   RAISE_ON_DEMAND_MAX,   table/sessions,                READ,  1000, 3000",
            "eventbridge-read-max-on-demand-sessions.json,  ACTED,   RAISE_ON_DEMAND_MAX,   table/sessions,                READ,  1000, 3000",
            "sns-write-max-on-demand-sessions.json,         ACTED,   RAISE_ON_DEMAND_MAX,   table/sessions,                WRITE, 500,  1500",
            "sns-write-account-limit-orders.json,           ACTED,   -,                     -,                             -,     -,    -",
            "sns-read-account-limit-sessions.json,          ACTED,   -,                     -,                             -,     -,    -",
            "sns-write-provisioned-inventory.json,          ACTED,   RAISE_AUTOSCALING_MIN, table/inventory,               WRITE, 100,  300",
            "alarm-action-write-provisioned-inventory.json, ACTED,   RAISE_AUTOSCALING_MIN, table/inventory,               WRITE, 100,  300",
            "sns-read-throttle-aggregate-orders.json,       ACTED,   UPDATE_PROVISIONED,    table/orders,                  READ,  100,  300",
            "sns-write-throttle-aggregate-sessions.json,    ACTED,   RAISE_ON_DEMAND_MAX,   table/sessions,                WRITE, 500,  1500",
            "sns-write-utilization-orders.json,             ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "eventbridge-write-utilization-orders.json,     ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "sns-read-utilization-orders-by-status.json,    ACTED,   UPDATE_PROVISIONED,    table/orders/index/by-status,  READ,  50,   150",
            "sns-latency-orders.json,                       ACTED,   -,                     -,                             -,     -,    -",
            "sns-ok-write-provisioned-orders.json,          IGNORED, -,                     -,                             -,     -,    -",
            "eventbridge-ok-write-provisioned-orders.json,  IGNORED, -,                     -,                             -,     -,    -",
            "sns-insufficient-data-orders.json,             IGNORED, -,                     -,                             -,     -,    -",
            "sns-non-dynamodb.json,                         IGNORED, -,                     -,                             -,     -,    -",
            "sns-foreign-account-orders.json,               IGNORED, -,                     -,                             -,     -,    -",
            "sns-cross-account-metric-orders.json,          IGNORED, -,                     -,                             -,     -,    -",
            "sns-anomaly-below-band-orders.json,            IGNORED, -,                     -,                             -,     -,    -",
            "eventbridge-anomaly-above-band-orders.json,    ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "eventbridge-muted-write-provisioned-orders.json, IGNORED, -,                   -,                             -,     -,    -",
            "sns-composite-orders.json,                     IGNORED, -,                     -,                             -,     -,    -",
            "sns-read-write-throttle-math-orders.json,      ACTED,   -,                     -,                             -,     -,    -",
            "sns-write-consumed-absolute-orders.json,       ACTED,   -,                     -,                             -,     -,    -",
            "eventbridge-metrics-insights-parent.json,      IGNORED, -,                     -,                             -,     -,    -",
            "eventbridge-contributor-write-throttle-orders.json, ACTED, UPDATE_PROVISIONED, table/orders,                  WRITE, 50,   150",
            "eventbridge-contributor-low-consumption-orders.json, IGNORED, -,               -,                             -,     -,    -",
            "alarm-action-contributor-write-throttle-sessions.json, ACTED, RAISE_ON_DEMAND_MAX, table/sessions,            WRITE, 500,  1500",
            "sns-contributor-read-throttle-orders-by-status.json, ACTED, UPDATE_PROVISIONED, table/orders/index/by-status, READ,  50,   150",
            "sns-sensor-write-provisioned-orders.json,      ACTED,   UPDATE_PROVISIONED,    table/orders,                  WRITE, 50,   150",
            "sns-sensor-write-key-range-orders.json,        ACTED,   -,                     -,                             -,     -,    -",
            "sns-sensor-read-provisioned-orders-by-status.json, ACTED, UPDATE_PROVISIONED,  table/orders/index/by-status,  READ,  50,   150",
    })
    void respond_sampleEvent_doesWhatEventsReadmeSays(String file, Outcome outcome, ActionType type, String resource,
                                                       Operation dimension, Long from, Long to) {
        Response response = respond(file);

        assertThat(response.outcome()).isEqualTo(outcome);
        // A capacity change the evidence does not support is reported SKIPPED with its reason: nothing moved.
        List<Action> capacity = response.actions().stream()
                .filter(a -> a.type().changesCapacity() && a.status() != ActionStatus.SKIPPED).toList();
        if (type == null) {
            assertThat(capacity).isEmpty();
            assertThat(actuator.calls).noneMatch(c -> !c.startsWith("enableContributorInsights"));
            return;
        }
        assertThat(capacity).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(type);
            assertThat(a.resource().toString()).isEqualTo(resource);
            assertThat(a.dimension()).isEqualTo(dimension);
            assertThat(a.from()).isEqualTo(from);
            assertThat(a.to()).isEqualTo(to);
            assertThat(a.status()).isEqualTo(ActionStatus.APPLIED);
        });
    }

    @Test
    void sampleEventsTable_coversEveryEventFile() throws Exception {
        var method = ResponderTest.class.getDeclaredMethod("respond_sampleEvent_doesWhatEventsReadmeSays",
                String.class, Outcome.class, ActionType.class, String.class, Operation.class, Long.class, Long.class);
        List<String> files = java.util.Arrays.stream(method.getAnnotation(CsvSource.class).value())
                .map(row -> row.split(",")[0].trim())
                .toList();

        assertThat(files).containsExactlyInAnyOrderElementsOf(EventFiles.alarmEvents());
    }

    @Test
    void build_withoutRequiredPort_failsNamingIt() {
        assertThatThrownBy(() -> Responder.builder().policy(PolicyParser.parse("{}", "p")).build())
                .isInstanceOf(NullPointerException.class).hasMessage("tables");
    }

    @Test
    void respond_keyRangeOnIndex_enablesInsightsOnIndex() {
        respond("sns-read-key-range-orders-by-status.json");

        assertThat(actuator.calls).containsExactly("enableContributorInsights " + BY_STATUS + " THROTTLED_KEYS");
        assertThat(followUps.scheduled).singleElement().satisfies(f -> {
            assertThat(f.resource()).isEqualTo(BY_STATUS);
            assertThat(f.operation()).isEqualTo(Operation.READ);
        });
    }

    @Test
    void respond_accountLimit_notifiesNamingQuota() {
        Response response = respond("sns-read-account-limit-sessions.json");

        assertThat(response.findings()).singleElement().asString().contains("Service Quotas");
        assertThat(notifier.published).singleElement().satisfies(m -> assertThat(m.text()).contains("Service Quotas"));
        assertThat(response.incident().resource()).isEqualTo(SESSIONS);
    }

    @Test
    void sensorAlarm_isAnsweredAsTheDynamoDbMetricItsReasonMapsTo() {
        Response response = respond("sns-sensor-write-key-range-orders.json");

        assertThat(response.incident()).isEqualTo(new Incident(ORDERS, Operation.WRITE, Cause.KEY_RANGE,
                "TableWriteKeyRangeThroughputExceeded", false));
        assertThat(actuator.calls).containsExactly("enableContributorInsights " + ORDERS + " THROTTLED_KEYS");
    }

    @Test
    void sensorAlarm_withoutASensorInThePolicy_isIgnoredNamingTheNamespace() {
        Response response = respond("{\"tables\": {\"orders\": {}}}", "sns-sensor-write-provisioned-orders.json");

        assertThat(response.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(response.reason()).contains("namespace ThrottleSensor, not AWS/DynamoDB");
        assertThat(actuator.calls).isEmpty();
    }

    /** A reader that answers only once the capacity change is made: the raise never waits for Logs Insights. */
    private ApplicationKeyReader keysAfterTheChange(ApplicationKeys keys) {
        return (resource, now) -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (actuator.calls.stream().noneMatch(call -> call.startsWith("updateProvisioned"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the capacity change waited for the hot keys");
                }
                Thread.onSpinWait();
            }
            return keys;
        };
    }

    @Test
    void firstIncidentMessage_namesTheApplicationsHotKeys_readWhileCapacityIsRaised() {
        ApplicationKeys keys = ApplicationKeys.ranked(Map.of("customer#1042", 412L, "customer#7", 96L, "customer#9", 92L),
                ApplicationKeys.WINDOW);

        Response response = builder(WITH_SENSOR_LOGS).applicationKeys(keysAfterTheChange(keys)).build()
                .respond(EventFiles.notification("sns-sensor-write-provisioned-orders.json"));

        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(notifier.published).singleElement().satisfies(message -> assertThat(message.text()).contains(
                "Hot keys from the applications' throttled calls (client sensor, Logs Insights, last 5 min), 600 throttled calls:\n"
                        + "  - customer#1042: 412 (69%)\n  - customer#7: 96 (16%)\n  - customer#9: 92 (15%)\n"));
    }

    @Test
    void aFailedHotKeyQuery_isSaidInTheMessage_andChangesNothingElse() {
        Response response = builder(WITH_SENSOR_LOGS).applicationKeys((resource, now) -> {
            throw new IllegalStateException("LimitExceededException: 100 concurrent queries");
        }).build().respond(EventFiles.notification("sns-write-provisioned-orders.json"));

        assertThat(response.outcome()).isEqualTo(Outcome.ACTED);
        assertThat(action(response, ActionType.UPDATE_PROVISIONED).status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(notifier.published).singleElement().satisfies(message -> assertThat(message.text()).contains(
                "last 5 min): unavailable, the Logs Insights query failed: LimitExceededException: 100 concurrent queries"));
    }

    @Test
    void hotKeys_areNotQueriedForASignalWithoutThrottles() {
        List<ResourceId> asked = new CopyOnWriteArrayList<>();
        builder(WITH_SENSOR_LOGS).applicationKeys((resource, now) -> {
            asked.add(resource);
            return ApplicationKeys.ranked(Map.of(), ApplicationKeys.WINDOW);
        }).build().respond(EventFiles.notification("sns-write-utilization-orders.json"));

        assertThat(asked).isEmpty();
        assertThat(notifier.published).singleElement().satisfies(message -> assertThat(message.text()).doesNotContain("Hot keys"));
    }

    @Test
    void build_withSensorLogGroupsButNoKeyReader_failsNamingIt() {
        assertThatThrownBy(() -> builder(WITH_SENSOR_LOGS).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("applicationKeys");
    }

    @Test
    void aDuplicateDelivery_startsNoSecondHotKeyQuery() {
        List<ResourceId> asked = new CopyOnWriteArrayList<>();
        Responder responder = builder(WITH_SENSOR_LOGS).applicationKeys((resource, now) -> {
            asked.add(resource);
            return ApplicationKeys.ranked(Map.of("customer#1042", 3L), ApplicationKeys.WINDOW);
        }).build();
        AlarmNotification alarm = EventFiles.notification("sns-sensor-write-provisioned-orders.json");

        responder.respond(alarm);
        Response duplicate = responder.respond(alarm);

        assertThat(duplicate.reason()).startsWith("duplicate delivery");
        assertThat(asked).containsExactly(ORDERS);
    }
}
