package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * Training losses for segmentation and classification. Each is composed from differentiable engine ops, so its
 * backward rule is theirs, and each returns a rank-0 tensor (mean reduction). Axis 0 is the batch axis; for the
 * class-wise losses axis 1 is the class (channel) axis.
 *
 * <pre>{@code
 * Tensor loss = Losses.bceWithLogits(net.forward(x), masks);
 * loss.backward();
 * }</pre>
 */
public final class Losses {
    /** The smoothing term of {@link #dice} and {@link #focalDice}: 1e-6. */
    public static final double DICE_EPS = 1e-6;
    /** The threshold t of {@link #focalDice(Tensor, Tensor)}: 0.5, as in the SoftCut thesis' experiments. */
    public static final double FOCAL_DICE_THRESHOLD = 0.5;
    /** The exponent gamma of {@link #focalDice(Tensor, Tensor)}: 2, as in the SoftCut thesis' experiments. */
    public static final double FOCAL_DICE_GAMMA = 2;

    private Losses() {
    }

    /**
     * Binary cross-entropy on logits, averaged over every element:
     * {@code mean(softplus(x) - x y)}. This equals {@code -[y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))]}, the BCE of
     * eq. (4) of the SoftCut thesis applied to {@code sigmoid(x)}, because {@code ln sigmoid(x) = x - softplus(x)} and
     * {@code ln(1 - sigmoid(x)) = -softplus(x)}. Softplus is evaluated as {@code max(x, 0) + ln(1 + e^-|x|)}, so the
     * loss stays finite for any finite logit. The gradient is {@code (sigmoid(x) - y) / n}.
     *
     * @param logits  raw scores x, any shape
     * @param targets y in [0, 1], the same shape
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        requireSameShape("bceWithLogits", "logits", logits, "targets", targets);
        return logits.softplus().sub(logits.mul(targets)).mean();
    }

    /**
     * Binary cross-entropy on logits with the positive term weighted by {@code w}:
     * {@code -[w y ln sigmoid(x) + (1 - y) ln(1 - sigmoid(x))] = (1 + (w - 1) y) softplus(x) - w x y}, averaged over
     * every element (the {@code pos_weight} of PyTorch's {@code BCEWithLogitsLoss}). {@code w > 1} favours recall on
     * sparse foregrounds; {@code w = 1} is {@link #bceWithLogits(Tensor, Tensor)}.
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets, double posWeight) {
        requireSameShape("bceWithLogits", "logits", logits, "targets", targets);
        if (!(posWeight >= 0) || Double.isInfinite(posWeight)) {
            throw new IllegalArgumentException("bceWithLogits: posWeight must be finite and >= 0, got " + posWeight);
        }
        Tensor softplusWeight = targets.mul(posWeight - 1).add(1);
        return softplusWeight.mul(logits.softplus()).sub(logits.mul(targets).mul(posWeight)).mean();
    }

    /** {@link #dice(Tensor, Tensor, double)} with {@code eps = }{@link #DICE_EPS}. */
    public static Tensor dice(Tensor probabilities, Tensor targets) {
        return dice(probabilities, targets, DICE_EPS);
    }

    /**
     * Soft Dice loss per sample, averaged over the batch:
     * {@code mean_n [1 - (2 sum(p y) + eps) / (sum p + sum y + eps)]}, each sum over every axis but axis 0. It is one
     * minus the Dice coefficient {@code 2|X ∩ Y| / (|X| + |Y|)} (Dice 1945; eq. (5) of the SoftCut thesis) with the
     * sets relaxed to memberships in [0, 1]: {@code |X ∩ Y| -> sum p y}, {@code |X| -> sum p}. The thesis' eq. (7)
     * squares the norms in the denominator; this loss does not ({@link #focalDice} does, as its eq. (28) asks).
     * {@code eps} makes an empty prediction on an empty mask a perfect score (loss 0) instead of 0/0.
     *
     * @param probabilities p in [0, 1], shape [N, ...] with rank at least 2
     * @param targets       y in [0, 1], the same shape
     * @param eps           smoothing, at least 0
     */
    public static Tensor dice(Tensor probabilities, Tensor targets, double eps) {
        requireSameShape("dice", "probabilities", probabilities, "targets", targets);
        requireBatched("dice", probabilities);
        requireEps("dice", eps);
        int[] axes = allButBatch(probabilities);
        Tensor overlap = probabilities.mul(targets).sum(axes, false).mul(2).add(eps);
        Tensor total = probabilities.sum(axes, false).add(targets.sum(axes, false)).add(eps);
        return overlap.div(total).rsub(1).mean();
    }

    /**
     * {@link #focalDice(Tensor, Tensor, double, double)} with the thesis' settings t = {@link #FOCAL_DICE_THRESHOLD}
     * and gamma = {@link #FOCAL_DICE_GAMMA}.
     */
    public static Tensor focalDice(Tensor probabilities, Tensor targets) {
        return focalDice(probabilities, targets, FOCAL_DICE_THRESHOLD, FOCAL_DICE_GAMMA);
    }

    /**
     * Focal Dice loss, eq. (27)-(28) of the SoftCut thesis (Bonfiglio 2022, appendix B), per sample and averaged over
     * the batch:
     * <pre>
     *   FocalDice_{t,gamma}(p, y) = 1 - (2 S(p)·y + eps) / (|S(p)|^2 + |y|^2 + eps)        (28)
     * </pre>
     * with the dot product and the squared norms summed over every axis but axis 0, and every element of p first
     * moved by the s-shaped function of eq. (27)
     * <pre>
     *   S_{t,gamma}(x) = u^gamma / (u^gamma + (1 - u)^gamma),   u = x - t + 0.5.              (27)
     * </pre>
     * S maps the decision threshold t to 1/2 and pushes values below it towards 0 and values above it towards 1, so
     * correct but uncertain predictions cost less, the idea of the focal loss. Three readings of the thesis text:
     * (i) its extracted eq. (27) prints a minus in the denominator, which makes S singular at x = t and contradicts the
     * s-shape the text describes; the plus is the function meant ({@link #focalTransform}); (ii) for t other than 0.5,
     * u leaves [0, 1] near the ends of the range, so u is clamped to [0, 1] (S = 0 below t - 0.5, 1 above t + 0.5);
     * (iii) eq. (28) has no eps; the {@link #DICE_EPS} added here only keeps an all-zero S on an empty mask from being
     * 0/0. With t = 0.5 and gamma = 1, S is the identity and this is the squared-norm Dice loss of eq. (7).
     *
     * @param probabilities p in [0, 1], shape [N, ...] with rank at least 2
     * @param targets       y in [0, 1], the same shape
     * @param t             decision threshold, 0 &lt; t &lt; 1
     * @param gamma         focusing exponent, &gt; 0
     */
    public static Tensor focalDice(Tensor probabilities, Tensor targets, double t, double gamma) {
        requireSameShape("focalDice", "probabilities", probabilities, "targets", targets);
        requireBatched("focalDice", probabilities);
        int[] axes = allButBatch(probabilities);
        Tensor s = focalTransform(probabilities, t, gamma);
        Tensor overlap = s.mul(targets).sum(axes, false).mul(2).add(DICE_EPS);
        Tensor total = s.mul(s).sum(axes, false).add(targets.mul(targets).sum(axes, false)).add(DICE_EPS);
        return overlap.div(total).rsub(1).mean();
    }

    /**
     * The s-shaped function of eq. (27) of the SoftCut thesis, elementwise:
     * {@code S(x) = u^gamma / (u^gamma + (1 - u)^gamma)} with {@code u = clamp(x - t + 0.5, 0, 1)}. S(t) = 1/2 and S is
     * increasing; the denominator is at least 2^-gamma, since u or 1 - u is at least 1/2.
     */
    public static Tensor focalTransform(Tensor x, double t, double gamma) {
        if (!(t > 0 && t < 1)) {
            throw new IllegalArgumentException("focalDice: the threshold t must lie in (0, 1), got " + t);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("focalDice: gamma must be finite and > 0, got " + gamma);
        }
        Tensor u = x.sub(t - 0.5).clamp(0, 1);
        Tensor rising = u.pow(gamma);
        return rising.div(rising.add(u.rsub(1).pow(gamma)));
    }

    /**
     * Cross-entropy with integer class targets, averaged over every sample and position:
     * {@code -mean_{n, i} log softmax(x)_{n, c(n, i), i}}, the softmax taken over the class axis 1 (the negative
     * log-likelihood of the categorical distribution the logits define). The gradient is
     * {@code (softmax(x) - onehot(c)) / (N * positions)}.
     *
     * @param logits       raw scores, shape [N, C, d1, ..., dk] (k &gt;= 0)
     * @param classIndices the class of each position, shape [N, d1, ..., dk], holding integers in 0..C-1 (stored in a
     *                     float tensor, as every tensor is); it receives no gradient
     */
    public static Tensor crossEntropy(Tensor logits, Tensor classIndices) {
        requireClassAxis("crossEntropy", logits);
        int[] expected = withoutClassAxis(logits.dims());
        if (!Arrays.equals(classIndices.dims(), expected)) {
            throw new ShapeException("crossEntropy: class indices of shape " + classIndices.shape()
                    + " do not fit logits of shape " + logits.shape() + "; they need the logits' shape without the "
                    + "class axis 1, " + Arrays.toString(expected));
        }
        Tensor oneHot = oneHot(classIndices, logits);
        return logits.logSoftmax(1).mul(oneHot).sum(1, false).mean().neg();
    }

    /**
     * Cross-entropy with soft targets (one distribution over the classes per position), averaged over every sample
     * and position: {@code -mean_{n, i} sum_c q_{n, c, i} log softmax(x)_{n, c, i}}, the softmax over the class axis 1.
     * With one-hot q this is {@link #crossEntropy}. q is not checked to sum to 1; gradients reach it too.
     *
     * @param logits  raw scores, shape [N, C, d1, ..., dk]
     * @param targets class probabilities q, the same shape
     */
    public static Tensor softCrossEntropy(Tensor logits, Tensor targets) {
        requireClassAxis("softCrossEntropy", logits);
        requireSameShape("softCrossEntropy", "logits", logits, "targets", targets);
        return logits.logSoftmax(1).mul(targets).sum(1, false).mean().neg();
    }

    /**
     * A tensor shaped like {@code logits}, with its dtype and device, holding 1 at each position's class and 0
     * elsewhere; built on the host from the class indices, then moved.
     */
    private static Tensor oneHot(Tensor classIndices, Tensor logits) {
        int classes = logits.dim(1);
        int positions = logits.shape().product(2, logits.rank());
        double[] indices = classIndices.toDoubleArray();
        double[] oneHot = new double[logits.size()];
        for (int j = 0; j < indices.length; j++) {
            double c = indices[j];
            if (c != Math.rint(c) || c < 0 || c >= classes) {
                throw new IllegalArgumentException("crossEntropy: target " + c + " at "
                        + Arrays.toString(unravel(j, classIndices.dims())) + " is not a class index: logits of shape "
                        + logits.shape() + " have " + classes + " classes on axis 1, so it must be an integer in 0.."
                        + (classes - 1));
            }
            int n = j / positions;
            int i = j % positions;
            oneHot[(n * classes + (int) c) * positions + i] = 1;
        }
        return Tensor.wrap(oneHot, logits.dims()).to(logits.dtype()).to(logits.device());
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
        return index;
    }

    private static int[] withoutClassAxis(int[] dims) {
        int[] d = new int[dims.length - 1];
        d[0] = dims[0];
        System.arraycopy(dims, 2, d, 1, dims.length - 2);
        return d;
    }

    private static int[] allButBatch(Tensor x) {
        int[] axes = new int[x.rank() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

    private static void requireSameShape(String op, String name, Tensor a, String otherName, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new ShapeException(op + ": " + name + " of shape " + a.shape() + " and " + otherName + " of shape "
                    + b.shape() + " differ; they must have the same shape");
        }
    }

    private static void requireBatched(String op, Tensor x) {
        if (x.rank() < 2 || x.dim(0) == 0) {
            throw new ShapeException(op + ": needs a batch [N, ...] of rank >= 2 with N >= 1, got shape " + x.shape()
                    + "; the loss is computed per sample over every axis but 0");
        }
    }

    private static void requireClassAxis(String op, Tensor logits) {
        if (logits.rank() < 2 || logits.dim(1) == 0) {
            throw new ShapeException(op + ": logits need shape [N, C, ...] with C >= 1 classes on axis 1, got "
                    + logits.shape());
        }
    }

    private static void requireEps(String op, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps must be finite and >= 0, got " + eps);
        }
    }
}
