package org.unet4j.experiments.thesis;

import org.unet4j.experiments.softcut.CutVariant;

/**
 * One row of a table of the SoftCut thesis: the network's cut layer, the loss it was trained with and whether its
 * output is the relaxed cut (as trained) or the exact max-flow cut of its scores and weights at inference.
 *
 * @param label   the row label as the thesis prints it, e.g. "SoftCut (approximate) + MaxFlow"
 * @param variant the cut layer
 * @param loss    the training loss: {@code dice}, {@code focal-dice}, {@code revealed-bce} or {@code summed-dice}
 * @param maxFlow whether the row is the max-flow cut at inference
 */
public record ThesisRow(String label, CutVariant variant, String loss, boolean maxFlow) {
    /** The thesis's name of a cut layer: "Base Network", "SoftCut (approximate)", ... */
    public static String name(CutVariant variant) {
        return switch (variant) {
            case BASE -> "Base Network";
            case EXACT -> "SoftCut (exact)";
            case CG -> "SoftCut (approximate)";
            case SUBMODULAR -> "Submodular";
            case SUBMODULAR_ISOTONIC -> "Submodular (+ isotonic)";
        };
    }

    /** The row of {@code variant} trained with {@code loss}, labelled by the variant alone. */
    public static ThesisRow of(CutVariant variant, String loss) {
        return new ThesisRow(name(variant), variant, loss, false);
    }

    /** The same network with the max-flow cut at inference, labelled with {@code " + MaxFlow"}. */
    public ThesisRow withMaxFlow() {
        return new ThesisRow(label + " + MaxFlow", variant, loss, true);
    }

    /** The same row relabelled. */
    public ThesisRow labelled(String newLabel) {
        return new ThesisRow(newLabel, variant, loss, maxFlow);
    }

    /** The key of the trained network this row reads: the cut and the loss (max-flow rows share it). */
    String network() {
        return variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + loss;
    }
}
