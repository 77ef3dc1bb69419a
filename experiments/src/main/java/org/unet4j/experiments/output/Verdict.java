package org.unet4j.experiments.output;

import java.util.Locale;

/**
 * What a run says about a {@link Claim}.
 *
 * @param claim   the claim judged
 * @param status  supported, not supported, or inconclusive by this run
 * @param basis   what the verdict rests on: "one seed", or the seeds and the significance of the comparisons
 * @param numbers the numbers that decide it
 */
public record Verdict(Claim claim, Status status, String basis, String numbers) {
    /** The verdict proper. */
    public enum Status {
        SUPPORTED, NOT_SUPPORTED, INCONCLUSIVE;

        /** "supported", "not supported", "inconclusive". */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** One Markdown list item: the verdict, the claim and its source, then the deciding numbers. */
    public String toMarkdown() {
        return "- **" + status.text() + "** (" + basis + "): " + claim.statement() + " (" + claim.source() + "). "
                + numbers + ".";
    }

    @Override
    public String toString() {
        return status.text() + " (" + basis + "): " + claim.statement() + " -- " + numbers;
    }
}
