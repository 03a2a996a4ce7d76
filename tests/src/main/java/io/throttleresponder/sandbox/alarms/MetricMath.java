package io.throttleresponder.sandbox.alarms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * The metric-math expressions the stack's alarms use, evaluated as CloudWatch does over a time range: each
 * series one value per period, NaN where it has no datapoint. Arithmetic ({@code + - * /}, parentheses) is
 * per timestamp and missing where an operand is (or a division by zero is); {@code AVG([a, b])} is, per
 * timestamp, the average of the series that have a value; {@code FILL(s, value)} gives a missing value the
 * constant, {@code FILL(s, REPEAT)} the latest actual value before it in the range.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html">Using metric math: syntax and functions</a>
 */
final class MetricMath {

    private final String expression;
    private final Map<String, double[]> series;
    private final int length;
    private int position;

    private MetricMath(String expression, Map<String, double[]> series, int length) {
        this.expression = expression;
        this.series = series;
        this.length = length;
    }

    /** @param series each id's values over the range, oldest first, all of {@code length} periods */
    static double[] evaluate(String expression, Map<String, double[]> series, int length) {
        MetricMath math = new MetricMath(expression, series, length);
        double[] result = math.sum();
        math.skipSpaces();
        if (math.position != expression.length()) {
            throw math.unexpected();
        }
        return result;
    }

    private double[] sum() {
        double[] left = product();
        while (true) {
            if (accept('+')) {
                left = combine(left, product(), Double::sum);
            } else if (accept('-')) {
                left = combine(left, product(), (a, b) -> a - b);
            } else {
                return left;
            }
        }
    }

    private double[] product() {
        double[] left = operand();
        while (true) {
            if (accept('*')) {
                left = combine(left, operand(), (a, b) -> a * b);
            } else if (accept('/')) {
                left = combine(left, operand(), (a, b) -> b == 0 ? Double.NaN : a / b);
            } else {
                return left;
            }
        }
    }

    private double[] operand() {
        skipSpaces();
        if (accept('(')) {
            double[] inner = sum();
            expect(')');
            return inner;
        }
        if (position < expression.length() && (Character.isDigit(expression.charAt(position)) || expression.charAt(position) == '.')) {
            double constant = number();
            double[] values = new double[length];
            Arrays.fill(values, constant);
            return values;
        }
        String name = identifier();
        return switch (name) {
            case "FILL" -> fill();
            case "AVG" -> average();
            default -> {
                double[] values = series.get(name);
                if (values == null) {
                    throw new IllegalArgumentException("metric math " + expression + ": no query with id " + name);
                }
                yield values.clone();
            }
        };
    }

    private double[] fill() {
        expect('(');
        double[] values = sum();
        expect(',');
        skipSpaces();
        double[] filled = values.clone();
        if (expression.startsWith("REPEAT", position)) {
            position += "REPEAT".length();
            double latest = Double.NaN;
            for (int i = 0; i < filled.length; i++) {
                if (Double.isNaN(filled[i])) {
                    filled[i] = latest;
                } else {
                    latest = filled[i];
                }
            }
        } else {
            double constant = number();
            for (int i = 0; i < filled.length; i++) {
                if (Double.isNaN(filled[i])) {
                    filled[i] = constant;
                }
            }
        }
        expect(')');
        return filled;
    }

    private double[] average() {
        expect('(');
        expect('[');
        List<double[]> members = new ArrayList<>();
        do {
            members.add(sum());
        } while (accept(','));
        expect(']');
        expect(')');
        double[] result = new double[length];
        for (int i = 0; i < length; i++) {
            double total = 0;
            int count = 0;
            for (double[] member : members) {
                if (!Double.isNaN(member[i])) {
                    total += member[i];
                    count++;
                }
            }
            result[i] = count == 0 ? Double.NaN : total / count;
        }
        return result;
    }

    private double[] combine(double[] left, double[] right, DoubleBinaryOperator operator) {
        double[] result = new double[length];
        for (int i = 0; i < length; i++) {
            double value = operator.applyAsDouble(left[i], right[i]);
            result[i] = Double.isInfinite(value) ? Double.NaN : value;
        }
        return result;
    }

    private String identifier() {
        skipSpaces();
        int start = position;
        while (position < expression.length()
                && (Character.isLetterOrDigit(expression.charAt(position)) || expression.charAt(position) == '_')) {
            position++;
        }
        if (start == position) {
            throw unexpected();
        }
        return expression.substring(start, position);
    }

    private double number() {
        skipSpaces();
        int start = position;
        if (position < expression.length() && expression.charAt(position) == '-') {
            position++;
        }
        while (position < expression.length()
                && (Character.isDigit(expression.charAt(position)) || expression.charAt(position) == '.')) {
            position++;
        }
        try {
            return Double.parseDouble(expression.substring(start, position));
        } catch (NumberFormatException e) {
            throw unexpected();
        }
    }

    private boolean accept(char c) {
        skipSpaces();
        if (position < expression.length() && expression.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw unexpected();
        }
    }

    private void skipSpaces() {
        while (position < expression.length() && Character.isWhitespace(expression.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException("metric math the sandbox does not evaluate: " + expression + " (at "
                + position + ")");
    }
}
