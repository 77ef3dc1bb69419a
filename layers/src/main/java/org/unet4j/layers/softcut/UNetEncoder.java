package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.ReLU;

/**
 * The downward half of a small U-Net: at level {@code l} two {@code 3 x 3} same-padded convolutions with ReLU to
 * {@code filters[l]} channels, then a {@code 2 x 2} max-pool before the next level. {@link #features} returns every
 * level's output, finest first: the skips and, last, the bottleneck.
 */
final class UNetEncoder extends Module {
    private final List<Module> levels = new ArrayList<>();
    private final MaxPool2d pool = new MaxPool2d(2);

    UNetEncoder(int inChannels, int[] filters, SplittableRandom rng) {
        int c = inChannels;
        for (int l = 0; l < filters.length; l++) {
            levels.add(registerChild("level" + l, doubleConv(c, filters[l], rng)));
            c = filters[l];
        }
    }

    static Sequential doubleConv(int in, int out, SplittableRandom rng) {
        return Sequential.of(Conv2d.builder(in, out, 3).padding(Padding.SAME).build(rng), new ReLU(),
                Conv2d.builder(out, out, 3).padding(Padding.SAME).build(rng), new ReLU());
    }

    /** The bottleneck features. */
    @Override
    public Tensor forward(Tensor input) {
        List<Tensor> all = features(input);
        return all.get(all.size() - 1);
    }

    /** The output of every level, finest first. */
    List<Tensor> features(Tensor input) {
        List<Tensor> out = new ArrayList<>();
        Tensor x = input;
        for (int l = 0; l < levels.size(); l++) {
            if (l > 0) {
                x = pool.forward(x);
            }
            x = levels.get(l).forward(x);
            out.add(x);
        }
        return out;
    }
}
