package org.unet4j.layers.unet;

import org.unet4j.layers.topology.Norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.Upsample;

/**
 * {@code upsamplingKeepsChannels(true)}: the up-sampling passes the coarse level's channels on (NEAREST and BILINEAR
 * without the 1x1 convolution, a channel-preserving transposed convolution) and the decoder block maps them.
 */
class UpsamplingKeepsChannelsTest {

    private static UNet net(UpsamplingMode mode, SkipMerge merge) {
        return UNet.builder().levels(3).filters(2, 3, 5).upsampling(mode).upsamplingKeepsChannels(true)
                .skipMerge(merge).norm(Norm.NONE).build();
    }

    @Test
    void fixedInterpolationsHaveNoParametersAndKeepTheChannels() {
        for (UpsamplingMode mode : UpsamplingMode.values()) {
            for (SkipMerge merge : new SkipMerge[] {SkipMerge.CONCAT, SkipMerge.CORRECTION}) {
                UNet net = net(mode, merge);
                Module up1 = net.namedModules().get("up1");
                if (mode == UpsamplingMode.TRANSPOSED) {
                    assertEquals(5, ((ConvTranspose2d) up1).weight().shape().dim(1));
                } else {
                    assertTrue(up1 instanceof Upsample && up1.parameters().isEmpty(), up1.label());
                }
                Tensor x = Tensor.randn(new SplittableRandom(1), 2, 1, 8, 8);
                try (NoGrad scope = Autograd.noGrad()) {
                    assertEquals(5, up1.forward(Tensor.randn(new SplittableRandom(2), 1, 5, 2, 2)).dim(1));
                    assertEquals(net.outputShape(x.shape()), net.forward(x).shape());
                }
                String summary = net.summary(Shape.of(2, 1, 8, 8));
                assertTrue(summary.contains("[2, 5, 4, 4]") && summary.contains("[2, 3, 2, 2]"), summary);
                assertTrue(net.toString().contains("upsampling keeps channels"), net.toString());
            }
        }
    }

    @Test
    void addingNeedsEqualChannelsOnBothSides() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net(UpsamplingMode.NEAREST, SkipMerge.ADD));
        assertTrue(e.getMessage().contains("skipMerge(ADD)") && e.getMessage().contains("CORRECTION"),
                e.getMessage());
        UNet equal = UNet.builder().levels(2).filters(3, 3).upsampling(UpsamplingMode.NEAREST)
                .upsamplingKeepsChannels(true).skipMerge(SkipMerge.ADD).build();
        assertEquals(Shape.of(1, 1, 4, 4), equal.outputShape(1, 1, 4, 4));
    }
}
