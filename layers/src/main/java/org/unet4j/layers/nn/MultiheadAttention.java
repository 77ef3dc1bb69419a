package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Attention;
import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;
import org.unet4j.layers.init.Init;

/**
 * Multi-head self-attention, PyTorch's {@code nn.MultiheadAttention(embed_dim, num_heads, dropout, bias,
 * batch_first)} applied as {@code mha(x, x, x)}: {@code [Q K V] = x W_in^T + b_in} with {@code in_proj_weight} W_in
 * {@code [3E, E]} and {@code in_proj_bias} b_in {@code [3E]}; each of the H heads attends with its slice of
 * {@code E / H} features ({@link Attention#scaledDotProduct}, dropout on the attention weights in training); the
 * heads are concatenated and mapped by {@code out_proj} (a {@link Linear} E to E). Input and output are
 * {@code [L, N, E]}, or {@code [N, L, E]} with {@code batchFirst}. Parameters: {@code 4 E^2 + 4 E} with biases.
 *
 * <p>Initialisation as PyTorch's: W_in Xavier-uniform, b_in and {@code out_proj.bias} zeros, {@code out_proj.weight}
 * the default of {@link Linear}. Not offered: {@code add_bias_kv}, {@code add_zero_attn}, separate {@code kdim} /
 * {@code vdim}, a key padding mask and returning the attention weights.
 *
 * <pre>{@code
 * var mha = MultiheadAttention.builder(768, 12).dropout(0.1).batchFirst(true).build(rng);
 * var y = mha.forward(tokens);                     // [N, L, 768]
 * }</pre>
 */
public final class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;
    private final SplittableRandom dropoutRng;

    private MultiheadAttention(Builder b, SplittableRandom rng) {
        this.embedDim = b.embedDim;
        this.numHeads = b.numHeads;
        this.dropout = b.dropout;
        this.batchFirst = b.batchFirst;
        Tensor w = Tensor.zeros(3 * embedDim, embedDim);
        Init.xavierUniform().fill(w, Fans.of(w.shape()), rng);
        this.inProjWeight = registerParameter("in_proj_weight", w);
        this.inProjBias = b.bias ? registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim)) : null;
        this.outProj = registerChild("out_proj", Linear.builder(embedDim, embedDim).bias(b.bias)
                .biasInit(Init.zeros()).build(rng));
        this.dropoutRng = rng.split();
    }

    /** A builder for {@code numHeads} heads over {@code embedDim} features ({@code numHeads} must divide it). */
    public static Builder builder(int embedDim, int numHeads) {
        return new Builder(embedDim, numHeads);
    }

    /** {@code in_proj_weight}, shape {@code [3E, E]}: the query, key and value maps stacked. */
    public Parameter inProjWeight() {
        return inProjWeight;
    }

    /** {@code in_proj_bias}, shape {@code [3E]}, or null without biases. */
    public Parameter inProjBias() {
        return inProjBias;
    }

    /** {@code out_proj}. */
    public Linear outProj() {
        return outProj;
    }

    /** Self-attention of {@code input} without a mask. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Self-attention with an additive mask (PyTorch's float {@code attn_mask}; build one from a mask of disallowed
     * positions with {@link Attention#additiveMask}) of shape {@code [L, L]} or {@code [N * H, L, L]}, or null.
     */
    public Tensor forward(Tensor input, Tensor attnMask) {
        if (input.rank() != 3 || input.dim(2) != embedDim) {
            throw new ShapeException(label() + ": the input " + input.shape() + " must be " + (batchFirst
                    ? "[N, L, " : "[L, N, ") + embedDim + "]");
        }
        Tensor x = batchFirst ? input : input.transpose(0, 1);
        int n = x.dim(0);
        int l = x.dim(1);
        int d = embedDim / numHeads;
        Tensor qkv = x.matmul(inProjWeight.tensor().transpose(0, 1));
        if (inProjBias != null) {
            qkv = qkv.add(inProjBias.tensor());
        }
        Tensor q = heads(qkv.slice(2, 0, embedDim), n, l, d);
        Tensor k = heads(qkv.slice(2, embedDim, 2 * embedDim), n, l, d);
        Tensor v = heads(qkv.slice(2, 2 * embedDim, 3 * embedDim), n, l, d);
        Tensor mask = attnMask == null ? null : headMask(attnMask, n, l);
        Tensor attended = Attention.scaledDotProduct(q, k, v, mask, dropout, isTraining(), dropoutRng);
        Tensor y = outProj.forward(attended.permute(0, 2, 1, 3).reshape(n, l, embedDim));
        return batchFirst ? y : y.transpose(0, 1);
    }

    /** {@code [N, L, E] -> [N, H, L, E / H]}. */
    private Tensor heads(Tensor t, int n, int l, int d) {
        return t.reshape(n, l, numHeads, d).permute(0, 2, 1, 3);
    }

    private Tensor headMask(Tensor mask, int n, int l) {
        if (mask.rank() == 2 && mask.dim(0) == l && mask.dim(1) == l) {
            return mask;
        }
        if (mask.rank() == 3 && mask.dim(0) == n * numHeads && mask.dim(1) == l && mask.dim(2) == l) {
            return mask.reshape(n, numHeads, l, l);
        }
        throw new ShapeException(label() + ": the mask " + mask.shape() + " must be [" + l + ", " + l + "] or ["
                + n * numHeads + ", " + l + ", " + l + "] (N * num_heads, L, L)");
    }

    @Override
    protected String describe() {
        return "embed " + embedDim + ", " + numHeads + " heads" + (dropout == 0 ? "" : ", dropout " + dropout)
                + (inProjBias == null ? ", no bias" : "") + (batchFirst ? ", batch first" : "");
    }

    /** Options of a {@link MultiheadAttention}. */
    public static final class Builder {
        private final int embedDim;
        private final int numHeads;
        private double dropout;
        private boolean bias = true;
        private boolean batchFirst;

        private Builder(int embedDim, int numHeads) {
            if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
                throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " must be divisible "
                        + "by num_heads " + numHeads + " (both positive)");
            }
            this.embedDim = embedDim;
            this.numHeads = numHeads;
        }

        /** Dropout probability on the attention weights in training (default 0). */
        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("MultiheadAttention: dropout must be in [0, 1), got " + p);
            }
            this.dropout = p;
            return this;
        }

        /** Whether the input and output projections have biases (default true). */
        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        /** Whether input and output are {@code [N, L, E]} rather than PyTorch's default {@code [L, N, E]}. */
        public Builder batchFirst(boolean on) {
            this.batchFirst = on;
            return this;
        }

        /** The layer: {@code in_proj_weight} drawn first, then {@code out_proj.weight}; dropout masks from a split. */
        public MultiheadAttention build(SplittableRandom rng) {
            return new MultiheadAttention(this, rng);
        }
    }
}
