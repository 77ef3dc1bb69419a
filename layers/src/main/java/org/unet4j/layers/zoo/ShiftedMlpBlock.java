package org.unet4j.layers.zoo;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.DropPath;
import org.unet4j.layers.nn.GELU;
import org.unet4j.layers.nn.LayerNorm;
import org.unet4j.layers.nn.Linear;
import org.unet4j.layers.nn.TokenShift;

/**
 * UNeXt's shifted MLP block (Valanarasu and Patel 2022, Section 2; the released code's {@code shiftedBlock} with
 * {@code mlp_ratio = 1}) on the tokens t of an image's pixels, C channels each:
 * <pre>
 *   t + dropPath(fc2(shift_W(GELU(dwconv(fc1(shift_H(LN(t))))))))
 * </pre>
 * shift_H and shift_W the axial token shifts of {@link TokenShift} (5 channel groups moved by -2..2 pixels), fc1 and
 * fc2 linear maps C -> C, dwconv a depthwise 3x3 convolution with bias. Takes and returns the image [N, C, H, W].
 */
final class ShiftedMlpBlock extends Module {
    private static final int SHIFT_SIZE = 5;
    private final int dim;
    private final LayerNorm norm;
    private final TokenShift shiftH = TokenShift.alongHeight(SHIFT_SIZE);
    private final Linear fc1;
    private final Conv2d dwconv;
    private final GELU act = new GELU();
    private final TokenShift shiftW = TokenShift.alongWidth(SHIFT_SIZE);
    private final Linear fc2;
    private final Module dropPath;

    ShiftedMlpBlock(int dim, double dropPathRate, SplittableRandom rng) {
        this.dim = dim;
        norm = registerChild("norm2", new LayerNorm(dim));
        fc1 = registerChild("fc1", new Linear(dim, dim, rng));
        dwconv = registerChild("dwconv", Conv2d.depthwise(dim, 3).build(rng));
        fc2 = registerChild("fc2", new Linear(dim, dim, rng));
        dropPath = dropPathRate > 0 ? registerChild("drop_path", new DropPath(dropPathRate, rng.split())) : null;
    }

    @Override
    public Tensor forward(Tensor image) {
        int h = image.dim(2);
        int w = image.dim(3);
        Tensor t = Tokens.fromImage(image);
        Tensor shifted = Tokens.fromImage(shiftH.forward(Tokens.toImage(norm.forward(t), h, w)));
        Tensor mixed = act.forward(dwconv.forward(Tokens.toImage(fc1.forward(shifted), h, w)));
        Tensor branch = fc2.forward(Tokens.fromImage(shiftW.forward(mixed)));
        return Tokens.toImage(t.add(dropPath == null ? branch : dropPath.forward(branch)), h, w);
    }

    @Override
    protected String describe() {
        return "dim " + dim + ", shift size " + SHIFT_SIZE;
    }
}
