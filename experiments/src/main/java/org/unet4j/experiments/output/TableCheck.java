package org.unet4j.experiments.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.unet4j.experiments.output.Evidence.Cell;
import org.unet4j.experiments.output.Evidence.Comparison;
import org.unet4j.experiments.output.Evidence.Outcome;

/**
 * A predicate over a {@link ResultTable}: what a paper's claim says about the table, evaluated to {@link Evidence}.
 * Columns are chosen by a regular expression over their names (matched whole, e.g. {@code ".* Dice"}); "better"
 * follows each column's direction. A missing row or column, or a value that is not finite, makes the evidence
 * {@link Outcome#MISSING} rather than a guess. A check is data (one record per kind, its parameters as components),
 * so that {@code results.json} can store it with its table and a sweep can judge it again over the seeds.
 */
public sealed interface TableCheck permits TableCheck.Best, TableCheck.Better, TableCheck.LogLogSlope,
        TableCheck.Within {
    /** What {@code table} says about the claim. */
    Evidence evaluate(ResultTable table);

    /**
     * {@code row} is at least as good as each of {@code rivals} (every other row when empty) in every column matching
     * {@code columns}; a tie counts as holding. E.g. {@code best("DB", ".* Dice", List.of())}.
     */
    static TableCheck best(String row, String columns, List<String> rivals) {
        return new Best(row, columns, rivals);
    }

    /** {@code row} is strictly better than {@code than} in every column matching {@code columns}. */
    static TableCheck better(String row, String than, String columns) {
        return new Better(row, than, columns);
    }

    /**
     * The least-squares slope of {@code log value} against {@code log x}, where x is each row's label read as a number
     * ("32" or "1/64"), lies in [{@code min}, {@code max}]: an observed convergence order or growth exponent.
     */
    static TableCheck logLogSlope(String column, double min, double max) {
        return new LogLogSlope(column, min, max);
    }

    /**
     * Every cell of the rows matching {@code rows} (a regular expression over the row labels, matched whole) in the
     * columns matching {@code columns} lies in [{@code min}, {@code max}]: a bound or an exact value, e.g.
     * {@code within("15 / .*", "distinct", 0, 64)} for "at most f^(dl) = 64". Not a comparison between rows, so over
     * seeds it must hold on every seed's table.
     */
    static TableCheck within(String rows, String columns, double min, double max) {
        return new Within(rows, columns, min, max);
    }

    /** See {@link TableCheck#best}. */
    record Best(String row, String columns, List<String> rivals) implements TableCheck {
        /** Copies the rivals. */
        public Best {
            rivals = List.copyOf(rivals);
        }

        @Override
        public Evidence evaluate(ResultTable table) {
            return compare(table, row, columns, rivals.isEmpty() ? others(table, row) : rivals, false);
        }
    }

    /** See {@link TableCheck#better}. */
    record Better(String row, String than, String columns) implements TableCheck {
        @Override
        public Evidence evaluate(ResultTable table) {
            return compare(table, row, columns, List.of(than), true);
        }
    }

    /** See {@link TableCheck#logLogSlope}. */
    record LogLogSlope(String column, double min, double max) implements TableCheck {
        @Override
        public Evidence evaluate(ResultTable table) {
            int c = table.columnIndex(column);
            if (c < 0) {
                return Evidence.missing("no column '" + column + "'");
            }
            List<ResultTable.Row> rows = table.rows();
            if (rows.size() < 2) {
                return Evidence.missing("a slope needs two rows, '" + column + "' has " + rows.size());
            }
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                double label = number(rows.get(i).label());
                double value = rows.get(i).values()[c];
                if (!(label > 0 && value > 0 && Double.isFinite(label) && Double.isFinite(value))) {
                    return Evidence.missing("row '" + rows.get(i).label() + "' has no positive '" + column + "'");
                }
                x[i] = Math.log(label);
                y[i] = Math.log(value);
            }
            double slope = slope(x, y);
            boolean holds = slope >= min && slope <= max;
            return new Evidence(holds ? Outcome.HOLDS : Outcome.FAILS, String.format(Locale.ROOT,
                    "log-log slope of %s over %d rows: %.3f (claimed range [%s, %s])", column, rows.size(), slope,
                    plain(min), plain(max)), List.of());
        }
    }

    /** See {@link TableCheck#within}. */
    record Within(String rows, String columns, double min, double max) implements TableCheck {
        /** Checks the range. */
        public Within {
            if (!(min <= max)) {
                throw new IllegalArgumentException("the range [" + min + ", " + max + "] of a within check is empty;"
                        + " give min <= max");
            }
        }

        @Override
        public Evidence evaluate(ResultTable table) {
            Pattern rowPattern = Pattern.compile(rows);
            Pattern columnPattern = Pattern.compile(columns);
            List<String> labels = table.rows().stream().map(ResultTable.Row::label)
                    .filter(l -> rowPattern.matcher(l).matches()).toList();
            List<ResultTable.Column> chosen = table.columns().stream()
                    .filter(c -> columnPattern.matcher(c.name()).matches()).toList();
            if (labels.isEmpty()) {
                return Evidence.missing("no row matches '" + rows + "'");
            }
            if (chosen.isEmpty()) {
                return Evidence.missing("no column matches '" + columns + "'");
            }
            List<String> numbers = new ArrayList<>();
            List<String> outside = new ArrayList<>();
            for (ResultTable.Column column : chosen) {
                List<String> cells = new ArrayList<>();
                for (String label : labels) {
                    double value = table.value(label, column.name());
                    if (!Double.isFinite(value)) {
                        return Evidence.missing(column.name() + ": " + label + " has no value");
                    }
                    cells.add(label + " " + format(value, column));
                    if (value < min || value > max) {
                        outside.add(label + " / " + column.name());
                    }
                }
                numbers.add(column.name() + ": " + String.join(", ", cells));
            }
            return new Evidence(outside.isEmpty() ? Outcome.HOLDS : Outcome.FAILS, String.join("; ", numbers)
                    + " (claimed range [" + plain(min) + ", " + plain(max) + "]"
                    + (outside.isEmpty() ? "" : "; outside: " + String.join(", ", outside)) + ")", List.of());
        }
    }

    private static List<String> others(ResultTable table, String row) {
        return table.rows().stream().map(ResultTable.Row::label).filter(l -> !l.equals(row)).toList();
    }

    private static Evidence compare(ResultTable table, String row, String columnPattern, List<String> rivals,
            boolean strict) {
        Pattern pattern = Pattern.compile(columnPattern);
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            if (pattern.matcher(table.columns().get(c).name()).matches()) {
                columns.add(c);
            }
        }
        if (columns.isEmpty()) {
            return Evidence.missing("no column matches '" + columnPattern + "'");
        }
        for (String label : concat(row, rivals)) {
            if (table.rowIndex(label) < 0) {
                return Evidence.missing("no row '" + label + "'");
            }
        }
        if (rivals.isEmpty()) {
            return Evidence.missing("no row to compare '" + row + "' with");
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        boolean holds = true;
        for (int c : columns) {
            ResultTable.Column column = table.columns().get(c);
            double mine = table.value(row, column.name());
            String closest = null;
            double closestValue = Double.NaN;
            for (String rival : rivals) {
                double theirs = table.value(rival, column.name());
                if (!Double.isFinite(mine) || !Double.isFinite(theirs)) {
                    return Evidence.missing(column.name() + ": " + (Double.isFinite(mine) ? rival : row)
                            + " has no value");
                }
                comparisons.add(new Comparison(new Cell(row, column.name()), new Cell(rival, column.name()), strict));
                if (closest == null || betterOrEqual(column, theirs, closestValue)) {
                    closest = rival;
                    closestValue = theirs;
                }
            }
            boolean ok = strict ? betterOrEqual(column, mine, closestValue) && mine != closestValue
                    : betterOrEqual(column, mine, closestValue);
            holds &= ok;
            String relation = mine == closestValue ? "ties" : betterOrEqual(column, mine, closestValue) ? "beats"
                    : "trails";
            numbers.add(String.format(Locale.ROOT, "%s: %s %s %s %s %s", column.name(), row, format(mine, column),
                    relation, closest, format(closestValue, column)));
        }
        return new Evidence(holds ? Outcome.HOLDS : Outcome.FAILS, String.join("; ", numbers), comparisons);
    }

    private static boolean betterOrEqual(ResultTable.Column column, double a, double b) {
        return column.higherIsBetter() ? a >= b : a <= b;
    }

    private static List<String> concat(String row, List<String> rivals) {
        List<String> all = new ArrayList<>(rivals);
        all.add(0, row);
        return all;
    }

    private static String format(double value, ResultTable.Column column) {
        return String.format(Locale.ROOT, "%." + Math.max(column.decimals(), 3) + "f", value);
    }

    private static String plain(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double number(String label) {
        try {
            int slash = label.indexOf('/');
            return slash < 0 ? Double.parseDouble(label.trim())
                    : Double.parseDouble(label.substring(0, slash).trim())
                            / Double.parseDouble(label.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
