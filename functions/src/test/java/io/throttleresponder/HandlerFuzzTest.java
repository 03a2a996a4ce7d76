package io.throttleresponder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.throttleresponder.act.Actuator;
import io.throttleresponder.act.FollowUpScheduler;
import io.throttleresponder.act.RecoveryScheduler;
import io.throttleresponder.alarm.AlarmEventParser;
import io.throttleresponder.alarm.AlarmState;
import io.throttleresponder.alarm.EventMutator;
import io.throttleresponder.alarm.ParsedEvent;
import io.throttleresponder.diagnose.Diagnoser;
import io.throttleresponder.diagnose.Diagnosis;
import io.throttleresponder.evidence.MetricsReader;
import io.throttleresponder.evidence.TableStateReader;
import io.throttleresponder.intake.OwnAccount;
import io.throttleresponder.model.History;
import io.throttleresponder.notify.Notifier;
import io.throttleresponder.policy.Policy;
import io.throttleresponder.policy.TableSettings;
import io.throttleresponder.record.Ledger;
import io.throttleresponder.respond.Responder;
import io.throttleresponder.wiring.ResponseMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The handler under the parser fuzz's inputs, with every port that changes anything failing the test
 * when called. An input that does not parse to an ALARM of a watched table's throttle or capacity
 * signal must come back as a REJECTED or IGNORED response with a reason: the handler never throws and
 * never acts on it. Inputs that still parse to such an alarm after mutation may legitimately act; they
 * are recognised from the parse result first and skipped.
 */
class HandlerFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_SEED = 20261122L;
    private static final int DEFAULT_CASES = 2_000;
    /** The sample tables, watched with the default settings, so mutated samples often still name a watched table. */
    private static final Set<String> WATCHED = Set.of("orders", "sessions", "inventory");

    private final AlarmEventParser parser = AlarmEventParser.create();
    private final EventMutator mutator = EventMutator.ofSampleEvents();
    private final Policy policy = new Policy(false, false, TableSettings.DEFAULTS,
            Map.of("orders", TableSettings.DEFAULTS, "sessions", TableSettings.DEFAULTS, "inventory", TableSettings.DEFAULTS));
    /** Whether the current case may claim and record in the ledger (an OK of a watched table: a valid state change). */
    private boolean ledgerAllowed;

    private final AlarmHandler handler = new AlarmHandler(Responder.builder()
            .policy(policy)
            .tables(forbidden(TableStateReader.class))
            .metrics(forbidden(MetricsReader.class))
            .actuator(forbidden(Actuator.class))
            .followUps(forbidden(FollowUpScheduler.class))
            .notifier(forbidden(Notifier.class))
            .ledger(ledger())
            .recoveries(recoveries())
            .ownAccount(new OwnAccount("123456789012", "us-east-1"))
            .build(), ResponseMetrics.writingLinesTo(line -> { }));

    /** Like the ledger: only an OK of a watched table reaches it, and then there is nothing to undo. */
    private RecoveryScheduler recoveries() {
        return (alarm, resource, operation, settings) -> {
            if (!ledgerAllowed) {
                throw new AssertionError("recovery scheduled for input that is no valid state change of a watched table");
            }
            return List.of();
        };
    }

    @Test
    void handle_mutatedAndRandomEvents_neverThrows_andNeverActsOnWhatIsNotAWatchedTablesAlarm() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
        int checked = 0;
        int skipped = 0;
        for (int i = 0; i < cases; i++) {
            EventMutator.Input input = mutator.next(EventMutator.caseRandom(seed, i));
            List<ParsedEvent> parsed = parser.parse(input.bytes());
            if (parsed.stream().anyMatch(this::mayAct)) {
                skipped++;
                continue;
            }
            ledgerAllowed = parsed.stream().anyMatch(this::isStateChangeOfWatchedTable);
            try {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(input.bytes()), output, null);
                JsonNode responses = JSON.readTree(output.toByteArray());
                assertThat(responses.isArray()).as("a JSON array").isTrue();
                assertThat(responses).as("one response per parsed event").hasSize(parsed.size());
                for (JsonNode response : responses) {
                    assertThat(response.get("outcome").asText()).isIn("REJECTED", "IGNORED");
                    assertThat(response.get("reason").asText("")).as("reason").isNotBlank();
                    assertThat(response.get("actions")).as("actions").isEmpty();
                }
            } catch (Throwable t) {
                throw EventMutator.failure(seed, i, input, t);
            }
            checked++;
        }
        System.out.printf("HandlerFuzzTest: seed %d, %d cases: %d checked, %d skipped as actionable%n", seed, cases, checked, skipped);
        // Most inputs must reach the handler, or the property says little.
        assertThat(checked).as("inputs checked (skipped as actionable: " + skipped + ")").isGreaterThan(cases * 3 / 4);
    }

    /** An ALARM the responder is right to act on: a watched table's signal the diagnosis recognises. */
    private boolean mayAct(ParsedEvent event) {
        return event instanceof ParsedEvent.Alarm alarm && alarm.notification().state() == AlarmState.ALARM
                && watchedTableOf(alarm).isPresent();
    }

    /** OK of a watched table: the responder claims the change and looks for something to undo, nothing more. */
    private boolean isStateChangeOfWatchedTable(ParsedEvent event) {
        return event instanceof ParsedEvent.Alarm alarm && alarm.notification().state() == AlarmState.OK
                && watchedTableOf(alarm).isPresent();
    }

    private Optional<String> watchedTableOf(ParsedEvent.Alarm alarm) {
        return Diagnoser.diagnose(alarm.notification()) instanceof Diagnosis.Found found
                && WATCHED.contains(found.incident().resource().table())
                ? Optional.of(found.incident().resource().table()) : Optional.empty();
    }

    private static <T> T forbidden(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "forbidden " + port.getSimpleName() : null;
            }
            throw new AssertionError(port.getSimpleName() + "." + method.getName() + " called: the handler acted on bad input");
        }));
    }

    /**
     * Forbidden unless the case is an OK of a watched table; then the claim succeeds and there is no
     * open incident, so there is nothing to undo.
     */
    private Ledger ledger() {
        return (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "fuzz ledger" : null;
                    }
                    if (!ledgerAllowed) {
                        throw new AssertionError("Ledger." + method.getName() + " called for input that is no valid state change"
                                + " of a watched table");
                    }
                    // Bookkeeping of a valid state change (claim, record, completion): answered by type, since
                    // acting is what the property forbids, through the actuator, notifier and scheduler.
                    Class<?> type = method.getReturnType();
                    if (type == void.class) {
                        return null;
                    }
                    if (type == boolean.class) {
                        return true;
                    }
                    if (type == Optional.class) {
                        return Optional.empty();
                    }
                    if (type == List.class) {
                        return List.of();
                    }
                    if (type == History.class) {
                        return History.EMPTY;
                    }
                    throw new AssertionError("Ledger." + method.getName() + " called for an OK with nothing to undo");
                });
    }
}
