package org.unet4j.experiments.softcut;

import org.unet4j.autodiff.Device;
import org.unet4j.layers.softcut.RelaxedCut;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SubmodularTotalVariation;

/**
 * The graph-cut layers the SoftCut thesis (Bonfiglio 2022, Section 3) puts after its networks: none (the base
 * network), SoftCut solved exactly (sparse Cholesky) or approximately (conjugate gradient with the thesis's
 * tolerance), and the "Submodular" baseline of Djolonga and Krause (2017), the weighted TV layer without and with
 * isotonic refinement.
 */
public enum CutVariant {
    /** No cut: the network's scores are its output. */
    BASE("base network", "SoftCut-base"),
    /** SoftCut, sparse Cholesky (host only). */
    EXACT("SoftCut (exact)", "SoftCut-exact"),
    /** SoftCut, conjugate gradient. */
    CG("SoftCut (CG)", "SoftCut-CG"),
    /** The weighted TV layer without isotonic refinement (host only). */
    SUBMODULAR("Submodular", "Submodular"),
    /** The weighted TV layer with isotonic refinement (host only). */
    SUBMODULAR_ISOTONIC("Submodular (+ isotonic)", "Submodular-isotonic");

    private final String label;
    private final String recipeBlock;

    CutVariant(String label, String recipeBlock) {
        this.label = label;
        this.recipeBlock = recipeBlock;
    }

    /** The row label of the {@code softcut} experiment, e.g. "SoftCut (CG)". */
    public String label() {
        return label;
    }

    /** The {@code ModelRecipe} block that builds the {@code softcut} experiment's network with this cut. */
    public String recipeBlock() {
        return recipeBlock;
    }

    /** Where the variant's network trains: the run's device, but the host for the host-only cuts. */
    public Device device(Device runDevice) {
        return this == BASE || this == CG ? runDevice : Device.CPU;
    }

    /** A new layer of this variant, null for {@link #BASE}. */
    public RelaxedCut cut() {
        return switch (this) {
            case BASE -> null;
            case EXACT -> SoftCut.builder().solver(SoftCut.Solver.EXACT).build();
            case CG -> SoftCut.builder().solver(SoftCut.Solver.CG).build();
            case SUBMODULAR -> SubmodularTotalVariation.builder().isotonicRefinement(false).build();
            case SUBMODULAR_ISOTONIC -> SubmodularTotalVariation.create();
        };
    }
}
