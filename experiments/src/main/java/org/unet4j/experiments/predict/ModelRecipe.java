package org.unet4j.experiments.predict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.unet4j.autodiff.Padding;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.softcut.RelaxedCut;
import org.unet4j.layers.softcut.SoftCut;
import org.unet4j.layers.softcut.SoftCutBaseNet;
import org.unet4j.layers.softcut.SoftCutUNet;
import org.unet4j.layers.softcut.SubmodularTotalVariation;
import org.unet4j.layers.splitting.HybridSplittingNet;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.unet.Block;
import org.unet4j.layers.unet.ContinuousUNet;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.OdeBlock;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.zoo.AttentionUNet;
import org.unet4j.layers.zoo.DynUNet;
import org.unet4j.layers.zoo.TransUNet;
import org.unet4j.layers.zoo.U2Net;
import org.unet4j.layers.zoo.UNeXt;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * How to build one of the experiments' networks again, saved with a trained model in {@code predictor.json}, so
 * that {@code unet4j predict} rebuilds the network and loads its weights without the training flags. The networks:
 * <ul>
 * <li>the blocks of Table 3: PLN, RSE, DSE, INC, PSP and FO in a {@link UNet}; DB, the Continuous U-Net with
 *     second-order dynamic blocks; its variants DB-time (the field reads t) and DB-signed (f and g end in tanh);
 *     UNet-DB, a {@link UNet} whose blocks are DB blocks (the DB-U-Net of {@code splitting-vs-unet});</li>
 * <li>PottsMGNet, the {@link HybridSplittingNet} ({@code filters} its channels per level, {@code odeSteps} its
 *     blocks, one time step each);</li>
 * <li>the SoftCut networks of the thesis: the base network (SoftCut-base) and the base network followed by a cut
 *     (SoftCut-exact, SoftCut-CG, Submodular, Submodular-isotonic), {@code filters[0]} the hidden width; the
 *     thesis's multiclass {@link SoftCutUNet} with {@code filters} per level and {@code classes} score maps, alone
 *     (SoftCutUNet-base) or with one of those cuts per class (SoftCutUNet-exact, SoftCutUNet-CG,
 *     SoftCutUNet-Submodular, SoftCutUNet-Submodular-isotonic);</li>
 * <li>the 3-layer {@code conv-net}, {@code filters[0]} its hidden width;</li>
 * <li>the zoo of the {@code architectures} experiment, at its configuration scaled by f = {@code filters[0]}
 *     for images of {@code size} pixels: {@code attention-unet} ({@link AttentionUNet} with {@code filters}),
 *     {@code dynunet} ({@link DynUNet}, nnU-Net's strides for the size, widths f 2^i up to 32 f, residual blocks,
 *     deep supervision of up to two side outputs in training), {@code u2net} (blocks of f and 4f),
 *     {@code unext} (widths f, 2f, 8f and tokens 10f, 16f) and {@code transunet} (a ResNet of base width 2f, one
 *     unit per stage, a Transformer of width 8f, 2 layers, 2 heads).</li>
 * </ul>
 * The ODE blocks (FO, DB and its variants, UNet-DB) integrate over [0, 1] with {@code solver}: {@code odeSteps} fixed
 * steps, or, for an adaptive method, at rtol = atol = {@code tolerance}.
 *
 * @param block       one of {@link #BLOCKS}
 * @param filters     filters per level, finest first (conv-net and the SoftCut networks: their hidden width)
 * @param odeSteps    fixed steps of each ODE block (PottsMGNet: its blocks)
 * @param inChannels  image channels
 * @param padding     SAME or VALID convolutions (VALID only for the {@link UNet} blocks)
 * @param size        the side of the training images (PSP's pooling bins depend on it), or of the training
 *                    patches of a 3-D network
 * @param solver      the ODE method of the ODE blocks (euler, ab2, abm2, rk4, dopri5, ...)
 * @param tolerance   rtol = atol of an adaptive solver; 0 for a fixed-step one
 * @param spatialDims 2 for images, 3 for volumes (the {@link UNet} blocks only)
 * @param classes     K as in {@link org.unet4j.experiments.datasets.files.TargetKind}: 2 for one foreground logit,
 *                    else a K-channel head whose argmax is the class id (the {@link UNet} blocks and conv-net only)
 */
public record ModelRecipe(String block, int[] filters, int odeSteps, int inChannels, ConvPadding padding, int size,
        String solver, double tolerance, int spatialDims, int classes) {
    /** The networks: Table 3's blocks in its row order, the DB variants, then the other experiments' networks. */
    public static final List<String> BLOCKS = List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "DB", "DB-time",
            "DB-signed", "UNet-DB", "PottsMGNet", "SoftCut-base", "SoftCut-exact", "SoftCut-CG", "Submodular",
            "Submodular-isotonic", "SoftCutUNet-base", "SoftCutUNet-exact", "SoftCutUNet-CG", "SoftCutUNet-Submodular",
            "SoftCutUNet-Submodular-isotonic", "conv-net", "attention-unet", "dynunet", "u2net", "unext", "transunet");

    /** The networks that are a {@link UNet}: they take VALID padding and 3-D. */
    private static final List<String> UNETS = List.of("PLN", "RSE", "DSE", "INC", "PSP", "FO", "UNet-DB");

    private static final int[] PSP_BINS = {1, 2, 3, 6};
    private static final String SOFTCUT_UNET = "SoftCutUNet-";

    /** Copies and checks the settings. */
    public ModelRecipe {
        if (!BLOCKS.contains(block)) {
            throw new IllegalArgumentException("unknown block '" + block + "'; the blocks are "
                    + String.join(", ", BLOCKS));
        }
        if (filters.length < 1 || Arrays.stream(filters).anyMatch(f -> f < 1) || odeSteps < 1 || inChannels < 1
                || size < 1 || !(tolerance >= 0) || solver == null) {
            throw new IllegalArgumentException("invalid model recipe: filters " + Arrays.toString(filters)
                    + ", ODE steps " + odeSteps + ", channels " + inChannels + ", size " + size + ", solver " + solver
                    + ", tolerance " + tolerance);
        }
        if (padding == ConvPadding.VALID && !UNETS.contains(block)) {
            throw new IllegalArgumentException("VALID padding is offered for the U-Net blocks only ("
                    + String.join(", ", UNETS) + "), not " + block);
        }
        if (spatialDims != 2 && !(spatialDims == 3 && UNETS.contains(block))) {
            throw new IllegalArgumentException("a " + block + " network is 2-D; 3-D is offered for "
                    + String.join(", ", UNETS) + " (got " + spatialDims + "-D)");
        }
        if (classes < 2 || classes > 2 && !UNETS.contains(block) && !block.equals("conv-net")
                && !block.startsWith(SOFTCUT_UNET)) {
            throw new IllegalArgumentException("a " + block + " network has one foreground logit; " + classes
                    + " classes are offered for " + String.join(", ", UNETS) + ", conv-net and the SoftCutUNet"
                    + " networks (at least 2)");
        }
        filters = filters.clone();
    }

    /** A network with one foreground logit (two classes). */
    public ModelRecipe(String block, int[] filters, int odeSteps, int inChannels, ConvPadding padding, int size,
            String solver, double tolerance, int spatialDims) {
        this(block, filters, odeSteps, inChannels, padding, size, solver, tolerance, spatialDims, 2);
    }

    /** A 2-D network whose ODE blocks take {@code odeSteps} fixed steps of RK4. */
    public ModelRecipe(String block, int[] filters, int odeSteps, int inChannels, ConvPadding padding, int size) {
        this(block, filters, odeSteps, inChannels, padding, size, "rk4", 0, 2, 2);
    }

    /** The same network with its ODE blocks solved by {@code method}: fixed steps, or adaptive at the tolerance. */
    public ModelRecipe withSolver(String method, double rtolAtol) {
        return new ModelRecipe(block, filters, odeSteps, inChannels, padding, size, method, rtolAtol, spatialDims,
                classes);
    }

    /** The same network over {@code dims} spatial dimensions. */
    public ModelRecipe withSpatialDims(int dims) {
        return new ModelRecipe(block, filters, odeSteps, inChannels, padding, size, solver, tolerance, dims, classes);
    }

    /** The same network with a head for {@code k} classes ({@link #classes}). */
    public ModelRecipe withClasses(int k) {
        return new ModelRecipe(block, filters, odeSteps, inChannels, padding, size, solver, tolerance, spatialDims, k);
    }

    /** The network's output channels: 1 (a foreground logit) for two classes, else {@link #classes}. */
    public int outChannels() {
        return classes > 2 ? classes : 1;
    }

    @Override
    public int[] filters() {
        return filters.clone();
    }

    /** A fresh network with its initial weights drawn from {@code seed}. */
    public Module build(long seed) {
        return switch (block) {
            case "PLN" -> unet(Block.plain(), seed);
            case "RSE" -> unet(Block.residual(), seed);
            case "DSE" -> unet(Block.dense(), seed);
            case "INC" -> unet(Block.inception(), seed);
            case "PSP" -> unet(Block.pyramidPooling(pyramidBins()), seed);
            case "FO" -> unet(Block.firstOrder(ode()), seed);
            case "UNet-DB" -> unet(Block.dynamic(ode()), seed);
            case "DB" -> continuous(Block.dynamic(ode()), seed);
            case "DB-time" -> continuous(Block.dynamic(ode()).timeDependent(true), seed);
            case "DB-signed" -> continuous(Block.dynamic(ode()).signedField(Activation.TANH), seed);
            case "PottsMGNet" -> HybridSplittingNet.builder().inChannels(inChannels).channels(filters)
                    .blocks(odeSteps).seed(seed).build();
            case "SoftCut-base", "SoftCut-exact", "SoftCut-CG", "Submodular", "Submodular-isotonic" ->
                    SoftCutBaseNet.builder().inChannels(inChannels).hidden(filters[0]).cut(cut()).seed(seed).build();
            case "attention-unet" -> AttentionUNet.builder().inChannels(inChannels).outChannels(1).filters(filters)
                    .seed(seed).build();
            case "dynunet" -> dynUNet(seed);
            case "u2net" -> U2Net.builder().inChannels(inChannels).uniformWidths(filters[0], 4 * filters[0]).seed(seed)
                    .build();
            case "unext" -> UNeXt.builder().inChannels(inChannels).convWidths(filters[0], 2 * filters[0],
                    8 * filters[0]).tokenWidths(10 * filters[0], 16 * filters[0]).seed(seed).build();
            case "transunet" -> {
                int w = filters[0];
                yield TransUNet.builder().inChannels(inChannels).classes(1).imageSize(size).resnet(2 * w, 1, 1, 1)
                        .transformer(8 * w, 2, 2, 32 * w).decoder(8 * w, 8 * w, 4 * w, 2 * w, w).seed(seed).build();
            }
            case "SoftCutUNet-base", "SoftCutUNet-exact", "SoftCutUNet-CG", "SoftCutUNet-Submodular",
                    "SoftCutUNet-Submodular-isotonic" -> SoftCutUNet.builder().inChannels(inChannels).filters(filters)
                    .classes(outChannels()).cut(cut()).seed(seed).build();
            default -> convNet(seed);
        };
    }

    /**
     * The DynU-Net of the {@code architectures} experiment: nnU-Net's strides for {@code size x size}, widths
     * f 2^min(i, 5), residual blocks, and up to two deep-supervision outputs (used in training only).
     */
    private Module dynUNet(long seed) {
        int[][] strides = DynUNet.heuristicStrides(new int[] {size, size}, new double[] {1, 1});
        int[] widths = new int[strides.length];
        for (int i = 0; i < strides.length; i++) {
            widths[i] = filters[0] << Math.min(i, 5);
        }
        int sides = Math.min(2, strides.length - 2);
        DynUNet net = DynUNet.builder().inChannels(inChannels).outChannels(1).strides(strides).filters(widths)
                .residual(true).deepSupervision(sides).seed(seed).build();
        return sides > 0 ? net.deeplySupervised() : net;
    }

    /** The solver options of the ODE blocks. */
    private OdeOptions ode() {
        OdeOptions options = OdeOptions.method(solver);
        return tolerance > 0 ? options.rtol(tolerance).atol(tolerance) : options.steps(odeSteps);
    }

    /** The cut after the SoftCut base network, null for the base network alone (the thesis's Table 2 rows). */
    private RelaxedCut cut() {
        String name = block.startsWith(SOFTCUT_UNET) ? block.substring(SOFTCUT_UNET.length()) : block;
        return switch (name.equals("exact") || name.equals("CG") ? "SoftCut-" + name : name) {
            case "SoftCut-exact" -> SoftCut.builder().solver(SoftCut.Solver.EXACT).build();
            case "SoftCut-CG" -> SoftCut.builder().solver(SoftCut.Solver.CG).build();
            case "Submodular" -> SubmodularTotalVariation.builder().isotonicRefinement(false).build();
            case "Submodular-isotonic" -> SubmodularTotalVariation.create();
            default -> null;
        };
    }

    private UNet unet(Block b, long seed) {
        return UNet.builder().spatialDims(spatialDims).inChannels(inChannels).outChannels(outChannels())
                .levels(filters.length).filters(filters).block(b).padding(padding).seed(seed).build();
    }

    private ContinuousUNet continuous(OdeBlock b, long seed) {
        return ContinuousUNet.builder().inChannels(inChannels).filters(filters).block(b).seed(seed).build();
    }

    private Module convNet(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int hidden = filters[0];
        return Sequential.of(
                Conv2d.builder(inChannels, hidden, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(hidden, hidden, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(hidden, outChannels(), 1).build(rng));
    }

    /** The bins of PSP's default 1, 2, 3, 6 that fit the bottleneck's feature maps. */
    private int[] pyramidBins() {
        int bottom = size >> (filters.length - 1);
        return Arrays.stream(PSP_BINS).filter(b -> b <= bottom).toArray();
    }

    @Override
    public String toString() {
        String ode = tolerance > 0 ? String.format(Locale.ROOT, "%s at tolerance %s", solver, tolerance)
                : odeSteps + " " + solver + " steps";
        return String.format(Locale.ROOT, "ModelRecipe[%s, filters %s, %s, %d channels, %s, size %d%s%s]",
                block, Arrays.toString(filters), ode, inChannels, padding, size, spatialDims == 2 ? "" : ", 3-D",
                classes > 2 ? ", " + classes + " classes" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelRecipe r && block.equals(r.block) && Arrays.equals(filters, r.filters)
                && odeSteps == r.odeSteps && inChannels == r.inChannels && padding == r.padding && size == r.size
                && solver.equals(r.solver) && Double.compare(tolerance, r.tolerance) == 0
                && spatialDims == r.spatialDims && classes == r.classes;
    }

    @Override
    public int hashCode() {
        return block.hashCode() * 31 + Arrays.hashCode(filters);
    }
}
