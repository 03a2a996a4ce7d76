package io.throttleresponder.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Generates fuzz inputs for the alarm parser and handler, reproducibly from one seed: the real sample
 * events of {@code events/} mutated (fields deleted, retyped, nulled, renamed, nested, blown up, the SNS
 * Message swapped or mutated inside, bytes truncated or flipped), plus wholly random JSON and random
 * bytes. Each input carries a description of what was done, for the failure message.
 */
public final class EventMutator {

    /** A generated input and how it was made. */
    public record Input(byte[] bytes, String description) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strings real notifications never hold but a parser must survive. */
    private static final String[] ODD_STRINGS = {"", " ", "\u0000", "null", "ALARM", "alarm", "OK ", "-1", "1e309", "NaN",
            "2026-02-30T25:61:00.000+0000", "2026-11-21T03:15:42.817+0000", "\uD83D\uDD25 Störung", "\uD800", "a\nb",
            "arn:aws:cloudwatch", "arn:::::", "AWS/DynamoDB", "TableName", "{\"AlarmName\":1}", "[", "\\", "\"",
            "SUM", "p99", "US East (N. Virginia)"};

    private final List<byte[]> samples;

    public EventMutator(List<byte[]> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Every sample event file of {@code events/}. */
    public static EventMutator ofSampleEvents() {
        return new EventMutator(EventFiles.alarmEvents().stream().map(EventFiles::bytes).toList());
    }

    /** Mostly mutated samples (80 %), then random JSON (12 %) and random bytes (8 %). */
    public Input next(Random random) {
        int kind = random.nextInt(100);
        if (kind < 80) {
            return mutatedSample(random);
        }
        if (kind < 92) {
            JsonNode node = randomJson(random, random.nextInt(40));
            return new Input(bytes(node), "random JSON");
        }
        byte[] bytes = new byte[random.nextInt(2048)];
        random.nextBytes(bytes);
        return new Input(bytes, "random bytes");
    }

    private Input mutatedSample(Random random) {
        int sample = random.nextInt(samples.size());
        StringBuilder description = new StringBuilder("sample #" + sample);
        JsonNode root;
        try {
            root = JSON.readTree(samples.get(sample));
        } catch (IOException e) {
            throw new IllegalStateException("sample event #" + sample + " is not JSON", e);
        }
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            // SNS events carry the alarm as a JSON string: mutate inside it too, or most mutations only touch the envelope.
            ObjectNode sns = snsOf(root);
            if (sns != null && random.nextBoolean()) {
                JsonNode message = readOrNull(sns.path("Message").asText(""));
                if (message != null && random.nextInt(5) > 0) {
                    mutateTree(message, random, description.append(" | in Message:"));
                    sns.put("Message", message.toString());
                } else {
                    description.append(" | Message swapped for random JSON");
                    sns.put("Message", random.nextInt(4) == 0
                            ? randomText(random) : randomJson(random, random.nextInt(40)).toString());
                }
            } else {
                root = mutateTree(root, random, description.append(" |"));
            }
        }
        byte[] bytes = bytes(root);
        if (random.nextInt(6) == 0) {
            bytes = mutateBytes(bytes, random, description);
        }
        return new Input(bytes, description.toString());
    }

    /** One structural mutation somewhere in the tree; returns the (possibly replaced) root. */
    private JsonNode mutateTree(JsonNode root, Random random, StringBuilder description) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            description.append(" root replaced");
            return randomJson(random, 3);
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode current = slot.get();
        switch (random.nextInt(10)) {
            case 0 -> {
                description.append(" delete ").append(slot);
                slot.remove();
            }
            case 1 -> {
                description.append(" retype ").append(slot);
                slot.set(otherType(current, random));
            }
            case 2 -> {
                description.append(" null ").append(slot);
                slot.set(NODES.nullNode());
            }
            case 3 -> {
                description.append(" nest ").append(slot);
                JsonNode nested = current;
                for (int depth = random.nextInt(AlarmEventParser.MAX_NESTING_DEPTH + 8); depth > 0; depth--) {
                    nested = random.nextBoolean() ? NODES.arrayNode().add(nested) : NODES.objectNode().set("x", nested);
                }
                slot.set(nested);
            }
            case 4 -> {
                description.append(" duplicate into itself ").append(slot);
                if (current.isContainerNode()) {
                    JsonNode copy = current.deepCopy();
                    if (current instanceof ObjectNode object) {
                        object.set("copy", copy);
                    } else {
                        ((ArrayNode) current).add(copy);
                    }
                } else {
                    slot.set(NODES.arrayNode().add(current).add(current));
                }
            }
            case 5 -> {
                // Up to 300,000 characters: some events grow past the 1 MiB limit, most stay under.
                int length = random.nextInt(4) == 0 ? random.nextInt(300_000) : random.nextInt(1000);
                description.append(" huge string (").append(length).append(") ").append(slot);
                slot.set(NODES.textNode(String.valueOf((char) ('a' + random.nextInt(26))).repeat(length)));
            }
            case 6 -> {
                description.append(" odd string ").append(slot);
                slot.set(NODES.textNode(ODD_STRINGS[random.nextInt(ODD_STRINGS.length)]));
            }
            case 7 -> {
                description.append(" rename ").append(slot);
                slot.rename(random);
            }
            case 8 -> {
                description.append(" odd number ").append(slot);
                double[] numbers = {0, -1, 1e308, -1e308, Double.MIN_VALUE, 42.5, Long.MAX_VALUE};
                slot.set(random.nextBoolean() ? NODES.numberNode(numbers[random.nextInt(numbers.length)])
                        : NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400)))));
            }
            default -> {
                description.append(" random value ").append(slot);
                slot.set(randomJson(random, random.nextInt(6)));
            }
        }
        return root;
    }

    private static byte[] mutateBytes(byte[] bytes, Random random, StringBuilder description) {
        if (bytes.length == 0) {
            return bytes;
        }
        if (random.nextBoolean()) {
            int length = random.nextInt(bytes.length);
            description.append(" | truncated to ").append(length).append(" bytes");
            return Arrays.copyOf(bytes, length);
        }
        byte[] flipped = bytes.clone();
        int flips = 1 + random.nextInt(8);
        description.append(" | ").append(flips).append(" bytes flipped");
        for (int i = 0; i < flips; i++) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    /** Random JSON of at most a few hundred nodes, at times nested past the parser's limit. */
    public static JsonNode randomJson(Random random, int depth) {
        return randomJson(random, depth, new int[] {300});
    }

    private static JsonNode randomJson(Random random, int depth, int[] budget) {
        budget[0]--;
        if (depth <= 0 || budget[0] <= 0) {
            return switch (random.nextInt(5)) {
                case 0 -> NODES.textNode(randomText(random));
                case 1 -> NODES.numberNode(random.nextGaussian() * 1e6);
                case 2 -> NODES.booleanNode(random.nextBoolean());
                case 3 -> NODES.nullNode();
                default -> NODES.textNode(ODD_STRINGS[random.nextInt(ODD_STRINGS.length)]);
            };
        }
        if (random.nextBoolean()) {
            ArrayNode array = NODES.arrayNode();
            for (int i = random.nextInt(3); i >= 0; i--) {
                array.add(randomJson(random, depth - 1, budget));
            }
            return array;
        }
        ObjectNode object = NODES.objectNode();
        String[] names = {"Records", "Sns", "Message", "AlarmName", "NewStateValue", "Trigger", "detail-type", "detail",
                "alarmData", "state", "configuration", "metrics", "Dimensions", "value", "name", "x"};
        for (int i = random.nextInt(4); i >= 0; i--) {
            object.set(names[random.nextInt(names.length)], randomJson(random, depth - 1, budget));
        }
        if (random.nextInt(4) == 0) {
            object.put("detail-type", "CloudWatch Alarm State Change");
        }
        return object;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x10FFFF) : 0x20 + random.nextInt(0x5F));
        }
        return text.toString();
    }

    private static JsonNode otherType(JsonNode node, Random random) {
        if (node.isTextual()) {
            return random.nextBoolean() ? NODES.numberNode(42) : NODES.objectNode().put("value", node.asText());
        }
        if (node.isNumber()) {
            return random.nextBoolean() ? NODES.textNode(node.asText()) : NODES.booleanNode(true);
        }
        if (node.isObject()) {
            return random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.textNode(node.toString());
        }
        if (node.isArray()) {
            return random.nextBoolean() ? NODES.objectNode().set("items", node) : NODES.textNode(node.toString());
        }
        return NODES.textNode(String.valueOf(node));
    }

    private static ObjectNode snsOf(JsonNode root) {
        JsonNode sns = root.path("Records").path(0).path("Sns");
        return sns instanceof ObjectNode object && object.path("Message").isTextual() ? object : null;
    }

    private static JsonNode readOrNull(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every field and element of the tree, each a place a value can be changed. */
    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                slots.add(new Slot(object, name, -1));
                collect(object.get(name), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    /** A field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        /** Changes the name's case (the parser matches some names in either case) or replaces it. */
        void rename(Random random) {
            if (field == null) {
                return;
            }
            JsonNode value = ((ObjectNode) parent).remove(field);
            String name = switch (random.nextInt(3)) {
                case 0 -> field.toLowerCase(java.util.Locale.ROOT);
                case 1 -> field.toUpperCase(java.util.Locale.ROOT);
                default -> field + "_";
            };
            ((ObjectNode) parent).set(name, value);
        }

        @Override
        public String toString() {
            return field != null ? field : "[" + index + "]";
        }
    }

    /** The random source of case {@code index} of a run seeded with {@code seed}: each case replays alone. */
    public static Random caseRandom(long seed, int index) {
        return new Random(seed * 1_000_003L + index);
    }

    /** The seed, the case and what was done, with the input saved to a file so the case can be replayed. */
    public static AssertionError failure(long seed, int index, Input input, Throwable cause) {
        String saved;
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            Path file = dir.resolve("seed-" + seed + "-case-" + index + ".bin");
            Files.write(file, input.bytes());
            saved = file.toAbsolutePath().toString();
        } catch (IOException e) {
            saved = "(not saved: " + e.getMessage() + ")";
        }
        return new AssertionError("fuzz case failed: seed " + seed + ", case " + index + " (" + input.description()
                + "), " + input.bytes().length + " bytes saved in " + saved + "; replay with -Dfuzz.seed=" + seed
                + " -Dfuzz.cases=" + (index + 1) + ": " + cause, cause);
    }
}
