package io.throttleresponder.guard;

import static io.throttleresponder.respond.Fixtures.BY_STATUS;
import static io.throttleresponder.respond.Fixtures.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.throttleresponder.model.Action;
import io.throttleresponder.model.ActionStatus;
import io.throttleresponder.model.ActionType;
import io.throttleresponder.model.History;
import io.throttleresponder.model.Operation;
import io.throttleresponder.model.ResourceId;
import io.throttleresponder.plan.Plan;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.PolicyParser;
import io.throttleresponder.policy.TableSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardTest {

    private static final Instant NOW = Instant.parse("2026-11-21T03:16:00Z");
    private static final TableSettings SETTINGS = TableSettings.DEFAULTS;

    private static final Action SCALE = Action.planned(ActionType.UPDATE_PROVISIONED, ORDERS, Operation.WRITE, 50L, 150L, "x3");
    private static final Action INSIGHTS = Action.planned(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, ORDERS, null, null, null,
            "find the hot keys (mode THROTTLED_KEYS)");
    private static final Action SUMMARY = Action.planned(ActionType.SCHEDULE_HOT_KEY_SUMMARY, ORDERS, Operation.WRITE,
            null, null, "hot-key summary in 5 min");
    private static final Plan PLAN = new Plan(List.of(SCALE, INSIGHTS, SUMMARY), List.of("a finding"));

    private static Policy policy(String json) {
        return PolicyParser.parse(json, "test policy");
    }

    private static Plan guard(Policy policy, TableSettings settings, History history) {
        return Guard.apply(PLAN, Guard.mode(policy, settings, false, true, false), settings, history, NOW);
    }

    private static Plan guard(Policy policy) {
        return guard(policy, policy.settingsFor("orders").orElseThrow(), History.EMPTY);
    }

    private static History changedAt(ResourceId resource, Operation dimension, Instant at) {
        return new History(Map.of(History.key(resource, dimension), at), Map.of());
    }

    @Test
    void apply_nothingInTheWay_keepsEveryActionPlanned() {
        Plan guarded = guard(policy("{\"tables\": {\"orders\": {}}}"));

        assertThat(guarded).isEqualTo(PLAN);
    }

    @Test
    void apply_killSwitch_skipsEveryAction() {
        Plan guarded = guard(policy("{\"killSwitch\": true, \"tables\": {\"orders\": {}}}"));

        assertThat(guarded.actions()).hasSize(3).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(a.reason()).startsWith("kill switch is on: ");
        });
        assertThat(guarded.findings()).containsExactly("a finding");
    }

    @Test
    void apply_insightsStatusUnreadable_inAModeThatAttemptsNothing_isSkippedNotFailed() {
        Action unreadable = new Action(ActionType.ENABLE_CONTRIBUTOR_INSIGHTS, ORDERS, null, null, null, ActionStatus.FAILED,
                "its status could not be read (DescribeContributorInsights failed; the log says why)");
        Plan plan = new Plan(List.of(unreadable), List.of());
        Policy policy = policy("{\"tables\": {\"orders\": {}}}");
        TableSettings settings = policy.settingsFor("orders").orElseThrow();

        Action paused = Guard.apply(plan, Guard.mode(policy, settings, true, true, false), settings, History.EMPTY, NOW)
                .actions().get(0);
        Action acting = Guard.apply(plan, Guard.mode(policy, settings, false, true, false), settings, History.EMPTY, NOW)
                .actions().get(0);

        assertThat(paused.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(paused.reason()).endsWith("its status could not be read (DescribeContributorInsights failed; the log says why)");
        assertThat(acting.status()).isEqualTo(ActionStatus.FAILED);
    }

    @Test
    void apply_killSwitchAndDryRun_killSwitchWins() {
        Plan guarded = guard(policy("{\"killSwitch\": true, \"dryRun\": true, \"tables\": {\"orders\": {}}}"));

        assertThat(guarded.actions().get(0).status()).isEqualTo(ActionStatus.SKIPPED);
    }

    @Test
    void apply_globalDryRun_keepsActionsPlannedMarkedDryRun() {
        Plan guarded = guard(policy("{\"dryRun\": true, \"tables\": {\"orders\": {}}}"));

        assertThat(guarded.actions().subList(0, 3)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.PLANNED);
            assertThat(a.reason()).startsWith("dry run: ");
        });
        assertThat(guarded.actions().get(0).reason()).isEqualTo("dry run: x3");
    }

    @Test
    void apply_tableDryRun_keepsActionsPlannedMarkedDryRun() {
        Plan guarded = guard(policy("{\"tables\": {\"orders\": {\"dryRun\": true}}}"));

        assertThat(guarded.actions().get(0).status()).isEqualTo(ActionStatus.PLANNED);
        assertThat(guarded.actions().get(0).reason()).isEqualTo("dry run: x3");
    }

    @Test
    void apply_dryRunForOtherTableOnly_doesNotMarkThisTable() {
        Policy policy = policy("{\"tables\": {\"orders\": {}, \"sessions\": {\"dryRun\": true}}}");

        assertThat(guard(policy)).isEqualTo(PLAN);
    }

    @Test
    void apply_cooldownWithinWindow_skipsCapacityChange() {
        Instant last = NOW.minus(Duration.ofMinutes(10));
        Policy policy = policy("{\"tables\": {\"orders\": {}}}");

        Plan guarded = guard(policy, SETTINGS, changedAt(ORDERS, Operation.WRITE, last));

        Action scale = guarded.actions().get(0);
        assertThat(scale.status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(scale.reason()).startsWith("cooldown: changed at " + last)
                .contains("next change allowed after " + last.plus(Duration.ofMinutes(15)));
        assertThat(guarded.actions().subList(1, 3)).containsExactly(INSIGHTS, SUMMARY);
    }

    @Test
    void apply_cooldownWindowOver_keepsCapacityChange() {
        Policy policy = policy("{\"tables\": {\"orders\": {}}}");

        Plan guarded = guard(policy, SETTINGS,
                changedAt(ORDERS, Operation.WRITE, NOW.minus(Duration.ofMinutes(16))));

        assertThat(guarded.actions().get(0)).isEqualTo(SCALE);
    }

    @Test
    void apply_cooldownEndingExactlyNow_keepsCapacityChange() {
        Policy policy = policy("{\"tables\": {\"orders\": {}}}");

        Plan guarded = guard(policy, SETTINGS,
                changedAt(ORDERS, Operation.WRITE, NOW.minus(Duration.ofMinutes(15))));

        assertThat(guarded.actions().get(0)).isEqualTo(SCALE);
    }

    @Test
    void apply_cooldownFromPolicy_isUsed() {
        Policy policy = policy("{\"tables\": {\"orders\": {\"cooldownMinutes\": 5}}}");

        Plan guarded = guard(policy, policy.settingsFor("orders").orElseThrow(),
                changedAt(ORDERS, Operation.WRITE, NOW.minus(Duration.ofMinutes(10))));

        assertThat(guarded.actions().get(0)).isEqualTo(SCALE);
    }

    @Test
    void apply_recentChangeOfOtherDimensionOrResource_doesNotCoolThisOne() {
        Policy policy = policy("{\"tables\": {\"orders\": {}}}");
        Instant recent = NOW.minus(Duration.ofMinutes(1));
        History history = new History(Map.of(
                History.key(ORDERS, Operation.READ), recent,
                History.key(BY_STATUS, Operation.WRITE), recent), Map.of());

        Plan guarded = guard(policy, SETTINGS, history);

        assertThat(guarded.actions().get(0)).isEqualTo(SCALE);
    }

    @Test
    void apply_alreadySkippedAction_isLeftAsPlanned() {
        Action skipped = SCALE.with(ActionStatus.SKIPPED, "already at the cap");

        Plan guarded = Guard.apply(new Plan(List.of(skipped), List.of()), Mode.KILL_SWITCH, SETTINGS, History.EMPTY, NOW);

        assertThat(guarded.actions()).containsExactly(skipped);
    }

    @Test
    void mode_killSwitchWinsOverDryRun_andATablesOwnDryRunCounts() {
        assertThat(Guard.mode(policy("{\"killSwitch\": true, \"dryRun\": true, \"tables\": {\"orders\": {}}}"), SETTINGS,
                false, true, false)).isEqualTo(Mode.KILL_SWITCH);
        Policy tableDryRun = policy("{\"tables\": {\"orders\": {\"dryRun\": true}}}");
        assertThat(Guard.mode(tableDryRun, tableDryRun.settingsFor("orders").orElseThrow(), false, true, false))
                .isEqualTo(Mode.DRY_RUN);
        assertThat(Guard.mode(policy("{\"tables\": {\"orders\": {}}}"), SETTINGS, false, true, false)).isEqualTo(Mode.ACT);
    }

    @Test
    void mode_killSwitchWinsOverAPause_whichWinsOverAMuteAndDryRun() {
        Policy dryRun = policy("{\"dryRun\": true, \"tables\": {\"orders\": {}}}");
        Policy killSwitch = policy("{\"killSwitch\": true, \"tables\": {\"orders\": {}}}");

        assertThat(Guard.mode(killSwitch, SETTINGS, true, true, true)).isEqualTo(Mode.KILL_SWITCH);
        assertThat(Guard.mode(dryRun, SETTINGS, true, true, true)).isEqualTo(Mode.PAUSED);
        assertThat(Guard.mode(dryRun, SETTINGS, false, true, true)).isEqualTo(Mode.MUTED);
    }

    @Test
    void apply_paused_skipsEveryActionSayingSo() {
        Plan guarded = Guard.apply(PLAN, Mode.PAUSED, SETTINGS, History.EMPTY, NOW);

        assertThat(guarded.actions()).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(ActionStatus.SKIPPED);
            assertThat(a.reason()).startsWith("paused by an operator: ");
        });
    }

    @Test
    void apply_notOptedIn_skipsCapacityChanges_andKeepsWhatTheSettingsPlannedBesides() {
        Plan guarded = Guard.apply(PLAN, Mode.NOT_OPTED_IN, SETTINGS, History.EMPTY, NOW);

        assertThat(guarded.actions()).allSatisfy(action -> {
            if (action.type().changesCapacity()) {
                assertThat(action.status()).isEqualTo(ActionStatus.SKIPPED);
                assertThat(action.reason()).startsWith("not opted in");
            } else {
                assertThat(action.status()).isEqualTo(ActionStatus.PLANNED);
            }
        });
    }

    @Test
    void mode_missingOptIn_winsOverMuteAndDryRun_butNotOverPauseOrKillSwitch() {
        Policy dryRun = policy("{\"dryRun\": true, \"tables\": {\"orders\": {}}}");
        Policy killSwitch = policy("{\"killSwitch\": true, \"tables\": {\"orders\": {}}}");

        assertThat(Guard.mode(dryRun, SETTINGS, false, false, true)).isEqualTo(Mode.NOT_OPTED_IN);
        assertThat(Guard.mode(dryRun, SETTINGS, true, false, false)).isEqualTo(Mode.PAUSED);
        assertThat(Guard.mode(killSwitch, SETTINGS, false, false, false)).isEqualTo(Mode.KILL_SWITCH);
    }
}
