package org.unet4j.layers.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Dropout;
import org.unet4j.layers.nn.GELU;
import org.unet4j.layers.nn.LayerNorm;
import org.unet4j.layers.nn.Linear;
import org.unet4j.layers.nn.MultiheadAttention;
import org.unet4j.layers.nn.PatchEmbedding;
import org.unet4j.layers.nn.PositionalEmbedding;

/**
 * TransUNet's Transformer on a feature map [N, C, g, g] (Chen et al. 2021, eq. 1-3; the authors' {@code Transformer}):
 * 1x1 patch embedding to {@code hidden}, a learned positional embedding of g^2 tokens and dropout, then
 * {@code layers} pre-norm blocks
 * <pre>
 *   z' = z + MSA(LN(z)),   z = z' + fc2(dropout(GELU(fc1(LN(z')))))   (dropout after fc2 too)
 * </pre>
 * with layer norms of eps 1e-6, and a final layer norm; the tokens are returned as the image [N, hidden, g, g].
 */
final class VisionTransformerEncoder extends Module {
    private final int grid;
    private final PatchEmbedding embed;
    private final PositionalEmbedding position;
    private final Dropout dropout;
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm norm;

    /** One pre-norm Transformer layer. */
    private static final class Layer extends Module {
        private final LayerNorm attentionNorm;
        private final MultiheadAttention attention;
        private final LayerNorm ffnNorm;
        private final Linear fc1;
        private final GELU act = new GELU();
        private final Linear fc2;
        private final Dropout dropout;

        Layer(int hidden, int heads, int mlp, double p, SplittableRandom rng) {
            attentionNorm = registerChild("attention_norm", LayerNorm.builder(hidden).eps(1e-6).build());
            attention = registerChild("attn", MultiheadAttention.builder(hidden, heads).batchFirst(true).build(rng));
            ffnNorm = registerChild("ffn_norm", LayerNorm.builder(hidden).eps(1e-6).build());
            fc1 = registerChild("fc1", new Linear(hidden, mlp, rng));
            fc2 = registerChild("fc2", new Linear(mlp, hidden, rng));
            dropout = registerChild("dropout", new Dropout(p, rng.split()));
        }

        @Override
        public Tensor forward(Tensor z) {
            Tensor h = z.add(attention.forward(attentionNorm.forward(z)));
            Tensor m = dropout.forward(fc2.forward(dropout.forward(act.forward(fc1.forward(ffnNorm.forward(h))))));
            return h.add(m);
        }
    }

    VisionTransformerEncoder(int in, int grid, int hidden, int depth, int heads, int mlp, double p,
            SplittableRandom rng) {
        this.grid = grid;
        embed = registerChild("patch_embeddings", PatchEmbedding.builder(in, hidden, 1).build(rng));
        position = registerChild("position_embeddings", new PositionalEmbedding(grid * grid, hidden));
        dropout = registerChild("dropout", new Dropout(p, rng.split()));
        for (int i = 0; i < depth; i++) {
            layers.add(registerChild("layer" + i, new Layer(hidden, heads, mlp, p, rng)));
        }
        norm = registerChild("encoder_norm", LayerNorm.builder(hidden).eps(1e-6).build());
    }

    @Override
    public Tensor forward(Tensor image) {
        if (image.dim(2) != grid || image.dim(3) != grid) {
            throw new IllegalArgumentException("this Transformer has positional embeddings for a " + grid + " x "
                    + grid + " grid, got a feature map " + image.shape() + "; build the model for this input size");
        }
        Tensor z = dropout.forward(position.forward(embed.forward(image)));
        for (Layer layer : layers) {
            z = layer.forward(z);
        }
        return Tokens.toImage(norm.forward(z), grid, grid);
    }

    @Override
    protected String describe() {
        return layers.size() + " layers on a " + grid + " x " + grid + " grid";
    }
}
