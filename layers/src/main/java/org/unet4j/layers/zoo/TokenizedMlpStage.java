package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.LayerNorm;
import org.unet4j.layers.nn.PatchEmbedding;

/**
 * A tokenised MLP stage of UNeXt on an image [N, C, H, W]: in the encoder an overlapping patch embedding first
 * (3x3 convolution of stride 2 and padding 1, then a layer norm over the channels: the grid halves), then a
 * {@link ShiftedMlpBlock} and a layer norm over the channels; the result is an image again.
 */
final class TokenizedMlpStage extends Module {
    private final PatchEmbedding embed;
    private final ShiftedMlpBlock block;
    private final LayerNorm norm;

    /** An encoder stage: embeds {@code in} channels into {@code dim} at half the size. */
    static TokenizedMlpStage encoder(int in, int dim, double dropPathRate, SplittableRandom rng) {
        return new TokenizedMlpStage(PatchEmbedding.builder(in, dim, 3).stride(2).padding(1).norm(true).build(rng),
                dim, dropPathRate, rng);
    }

    /** A decoder stage on {@code dim} channels at the input's size. */
    static TokenizedMlpStage decoder(int dim, double dropPathRate, SplittableRandom rng) {
        return new TokenizedMlpStage(null, dim, dropPathRate, rng);
    }

    private TokenizedMlpStage(PatchEmbedding embed, int dim, double dropPathRate, SplittableRandom rng) {
        this.embed = embed == null ? null : registerChild("patch_embed", embed);
        this.block = registerChild("block", new ShiftedMlpBlock(dim, dropPathRate, rng));
        this.norm = registerChild("norm", new LayerNorm(dim));
    }

    @Override
    public Tensor forward(Tensor image) {
        Tensor x = image;
        if (embed != null) {
            int[] grid = embed.gridSize(image.dim(2), image.dim(3));
            x = Tokens.toImage(embed.forward(image), grid[0], grid[1]);
        }
        x = block.forward(x);
        return Tokens.toImage(norm.forward(Tokens.fromImage(x)), x.dim(2), x.dim(3));
    }
}
