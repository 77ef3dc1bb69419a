package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;
import org.unet4j.layers.init.Init;

/**
 * A learned positional embedding added to a token sequence: {@code y[n, l, :] = x[n, l, :] + p[0, l, :]} with the
 * parameter {@code weight} p of shape {@code [1, L, E]}, {@code L E} parameters. Zeros by default, as TransUNet's
 * {@code position_embeddings}; ViT-style code draws them from a truncated normal of std 0.02
 * ({@code Init.normal(0, 0.02)} is the untruncated version).
 *
 * <pre>{@code
 * var pos = new PositionalEmbedding(196, 768);
 * }</pre>
 */
public final class PositionalEmbedding extends Module {
    private final int tokens;
    private final int embedDim;
    private final Parameter weight;

    /** An embedding for {@code tokens} positions of {@code embedDim} features, initialised to zeros. */
    public PositionalEmbedding(int tokens, int embedDim) {
        this(tokens, embedDim, Init.zeros(), null);
    }

    /** An embedding initialised by {@code init} with values from {@code rng}. */
    public PositionalEmbedding(int tokens, int embedDim, Init init, SplittableRandom rng) {
        if (tokens < 1 || embedDim < 1) {
            throw new IllegalArgumentException("PositionalEmbedding: token count and embedding size must be positive,"
                    + " got " + tokens + " and " + embedDim);
        }
        this.tokens = tokens;
        this.embedDim = embedDim;
        Tensor p = Tensor.zeros(1, tokens, embedDim);
        init.fill(p, Fans.of(p.shape()), rng);
        this.weight = registerParameter("weight", p);
    }

    /** The embedding p, shape {@code [1, L, E]}. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 3 || input.dim(1) != tokens || input.dim(2) != embedDim) {
            throw new ShapeException(label() + ": the input " + input.shape() + " must be [N, " + tokens + ", "
                    + embedDim + "] tokens");
        }
        return input.add(weight.tensor());
    }

    @Override
    protected String describe() {
        return tokens + " tokens, " + embedDim + " features";
    }
}
