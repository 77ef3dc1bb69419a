package org.unet4j.experiments.output;

import java.util.List;

/**
 * What a {@link TableCheck} found in one table: whether the claim holds, the numbers that decide it, and the
 * pairwise comparisons it rests on (the cells a paired test over seeds must find significantly ordered).
 *
 * @param outcome     holds, fails, or cannot be decided (a value the claim needs is missing or not finite)
 * @param numbers     the deciding numbers, e.g. "cells Dice: DB 0.812 vs PSP 0.799"
 * @param comparisons the orderings the claim asserts, each "better beats worse"; empty for claims that are not
 *                    comparisons between methods
 */
public record Evidence(Outcome outcome, String numbers, List<Comparison> comparisons) {
    /** Whether a claim holds on a table. */
    public enum Outcome {
        HOLDS, FAILS, MISSING
    }

    /**
     * One asserted ordering of two cells of a table: {@code better} is at least as good as {@code worse}
     * ({@code strict}: better) in the direction of its column.
     */
    public record Comparison(Cell better, Cell worse, boolean strict) {
    }

    /** A cell of a table, by row label and column name. */
    public record Cell(String row, String column) {
        @Override
        public String toString() {
            return row + " / " + column;
        }
    }

    /** Copies the comparisons. */
    public Evidence {
        comparisons = List.copyOf(comparisons);
    }

    /** Evidence that a value the claim needs is missing. */
    public static Evidence missing(String what) {
        return new Evidence(Outcome.MISSING, what, List.of());
    }
}
