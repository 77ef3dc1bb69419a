package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.init.Init;

/**
 * An image to a sequence of patch tokens: {@code proj}, a {@link Conv2d} with {@code kernel = patchSize}, maps
 * {@code [N, C, H, W]} to {@code [N, E, H', W']}, whose positions become the tokens {@code [N, H' W', E]} in row-major
 * order ({@link Tokens#fromImage}); an optional {@code norm} ({@link LayerNorm} over E) follows. With stride =
 * patch size and no padding this is the ViT / TransUNet embedding ({@code Conv2d(C, E, P, stride=P)}); with stride 2,
 * padding {@code P / 2} and the norm it is UNeXt's overlapping patch embedding. Parameters as the PyTorch modules
 * name them: {@code proj.weight}, {@code proj.bias}, {@code norm.weight}, {@code norm.bias}.
 *
 * <pre>{@code
 * var vit   = PatchEmbedding.builder(3, 768, 16).build(rng);                              // 224^2 -> 196 tokens
 * var unext = PatchEmbedding.builder(128, 160, 3).stride(2).padding(1).norm(true).build(rng);
 * }</pre>
 */
public final class PatchEmbedding extends Module {
    private final int patchSize;
    private final int stride;
    private final int padding;
    private final Conv2d proj;
    private final LayerNorm norm;

    private PatchEmbedding(Builder b, SplittableRandom rng) {
        this.patchSize = b.patchSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.proj = registerChild("proj", Conv2d.builder(b.inChannels, b.embedDim, b.patchSize).stride(b.stride)
                .padding(b.padding).weightInit(b.weightInit).biasInit(b.biasInit).build(rng));
        this.norm = b.norm ? registerChild("norm", new LayerNorm(b.embedDim)) : null;
    }

    /** A builder for {@code patchSize x patchSize} patches of {@code inChannels} channels, embedded in {@code embedDim}. */
    public static Builder builder(int inChannels, int embedDim, int patchSize) {
        return new Builder(inChannels, embedDim, patchSize);
    }

    /** The token grid {@code [H', W']} for an {@code h x w} input: {@code floor((h + 2 padding - P) / stride) + 1}. */
    public int[] gridSize(int h, int w) {
        return new int[] {(h + 2 * padding - patchSize) / stride + 1, (w + 2 * padding - patchSize) / stride + 1};
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor tokens = Tokens.fromImage(proj.forward(input));
        return norm == null ? tokens : norm.forward(tokens);
    }

    @Override
    protected String describe() {
        return "patch " + patchSize + (stride == patchSize ? "" : ", stride " + stride)
                + (padding == 0 ? "" : ", padding " + padding) + " -> tokens";
    }

    /** Options of a {@link PatchEmbedding}. */
    public static final class Builder {
        private final int inChannels;
        private final int embedDim;
        private final int patchSize;
        private int stride;
        private int padding;
        private boolean norm;
        private Init weightInit = Init.fanInUniform();
        private Init biasInit = Init.fanInUniform();

        private Builder(int inChannels, int embedDim, int patchSize) {
            if (inChannels < 1 || embedDim < 1 || patchSize < 1) {
                throw new IllegalArgumentException("PatchEmbedding: channels, embedding size and patch size must be "
                        + "positive, got " + inChannels + ", " + embedDim + ", " + patchSize);
            }
            this.inChannels = inChannels;
            this.embedDim = embedDim;
            this.patchSize = patchSize;
            this.stride = patchSize;
        }

        /** Step between patches (default the patch size: non-overlapping patches). */
        public Builder stride(int s) {
            if (s < 1) {
                throw new IllegalArgumentException("PatchEmbedding: the stride must be positive, got " + s);
            }
            this.stride = s;
            return this;
        }

        /** Zeros on every side of the image (default 0). */
        public Builder padding(int p) {
            if (p < 0) {
                throw new IllegalArgumentException("PatchEmbedding: the padding must be >= 0, got " + p);
            }
            this.padding = p;
            return this;
        }

        /** Whether a {@link LayerNorm} over the embedding follows (default false). */
        public Builder norm(boolean on) {
            this.norm = on;
            return this;
        }

        /** How to initialise the projection's weight (default PyTorch's conv default). */
        public Builder weightInit(Init init) {
            this.weightInit = init;
            return this;
        }

        /** How to initialise the projection's bias (default PyTorch's conv default). */
        public Builder biasInit(Init init) {
            this.biasInit = init;
            return this;
        }

        /** The layer, the projection's weight drawn first, then its bias. */
        public PatchEmbedding build(SplittableRandom rng) {
            return new PatchEmbedding(this, rng);
        }
    }
}
