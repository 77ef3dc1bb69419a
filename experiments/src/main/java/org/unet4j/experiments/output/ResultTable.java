package org.unet4j.experiments.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of results laid out as papers print them: one row per method, one column per metric with an arrow saying
 * which direction is better, the best value of each column in bold, and a caption above. A table may carry the
 * paper's {@link Claim}s it can check; {@link #claimsSection} judges them for the end of {@code results.md}.
 *
 * <pre>{@code
 * var table = new ResultTable("Table 1", "Test scores on 64 generated cell images.",
 *         List.of(ResultTable.Column.higher("Dice", 3), ResultTable.Column.lower("AHD", 2)));
 * table.addRow("U-Net", 0.912, 1.84);
 * table.addClaim(new Claim("U-Net has the highest Dice", "Paper, Table 1",
 *         TableCheck.best("U-Net", "Dice", List.of())));
 * String markdown = table.toMarkdown();
 * }</pre>
 */
public final class ResultTable {
    /**
     * A metric column.
     *
     * @param name           the header, e.g. "Dice"
     * @param higherIsBetter whether larger values are better (arrow and bolding)
     * @param decimals       digits after the decimal point
     */
    public record Column(String name, boolean higherIsBetter, int decimals) {
        /** A column where larger is better. */
        public static Column higher(String name, int decimals) {
            return new Column(name, true, decimals);
        }

        /** A column where smaller is better. */
        public static Column lower(String name, int decimals) {
            return new Column(name, false, decimals);
        }

        /** The header with its arrow: "Dice ↑". */
        public String header() {
            return name + (higherIsBetter ? " ↑" : " ↓");
        }
    }

    /**
     * One method's values, in column order.
     *
     * @param label  the method, e.g. "U-Net (RK4)"
     * @param values one value per column; NaN prints as "n/a"
     */
    public record Row(String label, double[] values) {
        /** Copies the values. */
        public Row {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    private final String title;
    private final String caption;
    private final String labelHeader;
    private final List<Column> columns;
    private final List<Row> rows = new ArrayList<>();
    private final List<Claim> claims = new ArrayList<>();

    /** An empty table with a title ("Table 1"), a caption and its metric columns; the first header is "Method". */
    public ResultTable(String title, String caption, List<Column> columns) {
        this(title, caption, "Method", columns);
    }

    /** An empty table whose label column is headed {@code labelHeader}. */
    public ResultTable(String title, String caption, String labelHeader, List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a result table needs at least one column");
        }
        this.title = title;
        this.caption = caption;
        this.labelHeader = labelHeader;
        this.columns = List.copyOf(columns);
    }

    /** Adds a row; needs one value per column. */
    public ResultTable addRow(String label, double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row '" + label + "' has " + values.length + " values but the table '"
                    + title + "' has " + columns.size() + " columns");
        }
        rows.add(new Row(label, values));
        return this;
    }

    /** Adds a claim this table can check; returns this table. */
    public ResultTable addClaim(Claim claim) {
        claims.add(claim);
        return this;
    }

    /** Adds claims this table can check; returns this table. */
    public ResultTable addClaims(List<Claim> more) {
        more.forEach(this::addClaim);
        return this;
    }

    /** The claims this table checks, in the order added. */
    public List<Claim> claims() {
        return List.copyOf(claims);
    }

    /** Each claim judged on this table alone (one seed). */
    public List<Verdict> verdicts() {
        return claims.stream().map(c -> c.judge(this)).toList();
    }

    /** The index of the column named {@code name}, or -1. */
    public int columnIndex(String name) {
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).name().equals(name)) {
                return c;
            }
        }
        return -1;
    }

    /** The index of the first row labelled {@code label}, or -1. */
    public int rowIndex(String label) {
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).label().equals(label)) {
                return r;
            }
        }
        return -1;
    }

    /** The value in row {@code label} and column {@code column}; NaN when either is missing. */
    public double value(String label, String column) {
        int r = rowIndex(label);
        int c = columnIndex(column);
        return r < 0 || c < 0 ? Double.NaN : rows.get(r).values[c];
    }

    /**
     * The cell-wise mean of tables of the same rows and columns (one per seed), titled and captioned as the first,
     * with its claims.
     */
    public static ResultTable mean(List<ResultTable> tables) {
        ResultTable first = tables.get(0);
        ResultTable mean = new ResultTable(first.title, first.caption + " Mean over " + tables.size() + " seeds.",
                first.labelHeader, first.columns);
        for (int r = 0; r < first.rows.size(); r++) {
            double[] sum = new double[first.columns.size()];
            for (ResultTable t : tables) {
                if (!t.columns.equals(first.columns) || t.rows.size() != first.rows.size()
                        || !t.rows.get(r).label().equals(first.rows.get(r).label())) {
                    throw new IllegalArgumentException("tables '" + first.title + "' of different seeds must have"
                            + " the same rows and columns to be averaged");
                }
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += t.rows.get(r).values[c] / tables.size();
                }
            }
            mean.addRow(first.rows.get(r).label(), sum);
        }
        return mean.addClaims(first.claims);
    }

    /**
     * The {@code ## Claims} section of {@code results.md}: every claim of {@code tables} with its verdict on this run
     * (one seed) and the numbers that decide it; empty when no table carries a claim.
     */
    public static String claimsSection(List<ResultTable> tables) {
        StringBuilder out = new StringBuilder();
        for (ResultTable table : tables) {
            for (Verdict v : table.verdicts()) {
                out.append(v.toMarkdown()).append('\n');
            }
        }
        return out.isEmpty() ? "" : "## Claims\n\n" + out;
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The caption. */
    public String caption() {
        return caption;
    }

    /** The header of the label column, e.g. "Method". */
    public String labelHeader() {
        return labelHeader;
    }

    /** The metric columns. */
    public List<Column> columns() {
        return columns;
    }

    /** The rows in insertion order. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table as Markdown: bold title and caption, then the table, best value per column in bold. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("**").append(title).append(".** ").append(caption).append("\n\n");
        out.append("| ").append(labelHeader);
        columns.forEach(c -> out.append(" | ").append(c.header()));
        out.append(" |\n|:--");
        columns.forEach(c -> out.append("|--:"));
        out.append("|\n");
        double[] best = bestValues();
        for (Row row : rows) {
            out.append("| ").append(row.label());
            for (int c = 0; c < columns.size(); c++) {
                double value = row.values[c];
                String text = format(value, columns.get(c).decimals());
                boolean bold = rows.size() > 1 && !Double.isNaN(value) && value == best[c];
                out.append(" | ").append(bold ? "**" + text + "**" : text);
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    private double[] bestValues() {
        double[] best = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            int column = c;
            boolean higher = columns.get(c).higherIsBetter();
            best[c] = rows.stream().mapToDouble(r -> r.values[column]).filter(v -> !Double.isNaN(v))
                    .reduce(higher ? Math::max : Math::min).orElse(Double.NaN);
        }
        return best;
    }

    private static String format(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    @Override
    public String toString() {
        return toMarkdown();
    }
}
