package org.unet4j.experiments.equivariance;

import java.util.Locale;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.PeriodicDisksDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.layers.equivariance.DiscriminativeLoss;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.unet.UNet;

/**
 * Trains a valid-padding U-Net with the discriminative loss (the paper's settings) on output tiles of side w, batch
 * size 1, as in Rumberger et al. (ICCV 2021), Sec. 3.2. A valid U-Net's output sides are s_out(b), so the network
 * runs on the smallest valid input window whose output reaches w and the loss sees only the top-left w x w output
 * pixels: the output functions u_0..u_{w-1} (per axis, relative to the window) are the ones trained, and only pairs
 * of them adjacent within [0, w) are ever pulled together as neighbours. Windows are drawn as periodic-disk images
 * with random lattice offsets, so the disks sit at every phase. The images move to the network's device once; the
 * labels stay on the host, where the loss reads them.
 *
 * @param levels  resolution levels, bottleneck included (l = levels - 1), f = 2
 * @param filters filters of the finest level (doubling per level)
 * @param steps   training steps
 * @param lr      Adam learning rate
 * @param spacing disk lattice spacing (radius 5)
 */
record TileTraining(int levels, int filters, int steps, double lr, int spacing) {
    /** Disk radius of the training and test images. */
    static final double RADIUS = 5;
    private static final int POOL = 64;

    /** A network of these settings seeded by the context. */
    UNet network(ExperimentContext context) {
        int[] perLevel = new int[levels];
        for (int i = 0; i < levels; i++) {
            perLevel[i] = filters << i;
        }
        return UNet.builder().inChannels(1).outChannels(DiscriminativeLoss.PAPER_EMBEDDING_DIMENSION).levels(levels)
                .factor(2).filters(perLevel).padding(ConvPadding.VALID).norm(Norm.NONE).seed(context.seed()).build();
    }

    /** A fresh network trained on output tiles of side {@code tile}; logs its loss, named by {@code label}. */
    UNet train(ExperimentContext context, int tile, String label) {
        UNet net = network(context);
        UNetGeometry geometry = net.geometry();
        int b = 1;
        while (geometry.outputSize(geometry.inputSize(b)).orElse(0) < tile) {
            b++;
        }
        int window = geometry.inputSize(b);
        int windowOut = geometry.outputSize(window).getAsInt();
        TensorDataset pool = PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(Math.min(POOL, steps),
                window, spacing, RADIUS, true, 0, context.seed() + tile));
        Tensor labels = InstanceLabels.centreCropped(pool.masks(), windowOut)
                .crop(new int[] {0, 0, 0, 0}, new int[] {pool.images().dim(0), 1, tile, tile});
        Tensor images = pool.images().to(net.device());
        DiscriminativeLoss lossFn = DiscriminativeLoss.paper();
        Adam adam = new Adam(net.parameters(), lr);
        double running = 0;
        for (int step = 0; step < steps; step++) {
            int i = step % images.dim(0);
            adam.zeroGrad();
            Tensor out = net.forward(images.slice(0, i, i + 1)).crop(new int[] {0, 0, 0, 0},
                    new int[] {1, DiscriminativeLoss.PAPER_EMBEDDING_DIMENSION, tile, tile});
            Tensor loss = lossFn.compute(out, labels.slice(0, i, i + 1));
            loss.backward();
            adam.step();
            running += loss.item();
            int every = Math.max(1, steps / 5);
            if ((step + 1) % every == 0) {
                context.info(String.format(Locale.ROOT, "%s: step %d/%d, mean loss %.4f (input %d, loss on %d x %d)",
                        label, step + 1, steps, running / every, window, tile, tile));
                running = 0;
            }
        }
        return net;
    }
}
