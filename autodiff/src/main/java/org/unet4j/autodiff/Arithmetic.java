package org.unet4j.autodiff;

/**
 * Binary arithmetic with NumPy broadcasting; each forward sits beside its backward rule. Gradients for broadcast
 * operands are summed back to their shapes.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    private static Tensor binary(String op, BinaryFn fn, Tensor a, Tensor b) {
        Broadcasting.sameDevice(op, a, b);
        Shape.broadcast(op, a.shape(), b.shape());
        return a.device().backend().binary(fn, a, b);
    }

    /** a + b; da = g, db = g. */
    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary("add", BinaryFn.ADD, a, b);
        return Autograd.record("add", out, g -> new Tensor[] {
                Broadcasting.sumTo(g, a.shape()), Broadcasting.sumTo(g, b.shape())}, a, b);
    }

    /** a - b; da = g, db = -g. */
    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary("sub", BinaryFn.SUB, a, b);
        return Autograd.record("sub", out, g -> new Tensor[] {
                Broadcasting.sumTo(g, a.shape()), b.requiresGrad() ? Broadcasting.sumTo(g.neg(), b.shape()) : null}, a, b);
    }

    /** a * b; da = g b, db = g a. */
    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary("mul", BinaryFn.MUL, a, b);
        return Autograd.record("mul", out, g -> new Tensor[] {
                a.requiresGrad() ? Broadcasting.sumTo(g.mul(b), a.shape()) : null,
                b.requiresGrad() ? Broadcasting.sumTo(g.mul(a), b.shape()) : null}, a, b);
    }

    /** a / b; da = g / b, db = -g a / b^2 = -g out / b. */
    static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary("div", BinaryFn.DIV, a, b);
        return Autograd.record("div", out, g -> new Tensor[] {
                a.requiresGrad() ? Broadcasting.sumTo(g.div(b), a.shape()) : null,
                b.requiresGrad() ? Broadcasting.sumTo(g.mul(out).div(b).neg(), b.shape()) : null}, a, b);
    }

    /** a^b; da = g b a^(b-1), db = g a^b ln a. */
    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binary("pow", BinaryFn.POW, a, b);
        return Autograd.record("pow", out, g -> new Tensor[] {
                a.requiresGrad() ? Broadcasting.sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape()) : null,
                b.requiresGrad() ? Broadcasting.sumTo(g.mul(out).mul(a.log()), b.shape()) : null}, a, b);
    }

    /** max(a, b); the gradient goes to the larger operand, split in half on ties. */
    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", BinaryFn.MAXIMUM, a, b);
    }

    /** min(a, b); the gradient goes to the smaller operand, split in half on ties. */
    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", BinaryFn.MINIMUM, a, b);
    }

    private static Tensor extremum(String op, BinaryFn fn, Tensor a, Tensor b) {
        Tensor out = binary(op, fn, a, b);
        return Autograd.record(op, out, g -> {
            Backend be = g.device().backend();
            Tensor aWins = be.binary(BinaryFn.EQUAL, a, out);
            Tensor bWins = be.binary(BinaryFn.EQUAL, b, out);
            Tensor share = aWins.add(bWins);
            return new Tensor[] {
                    Broadcasting.sumTo(g.mul(aWins).div(share), a.shape()),
                    Broadcasting.sumTo(g.mul(bWins).div(share), b.shape())};
        }, a, b);
    }

    /** s * x + c for scalars s and c; dx = s g. */
    static Tensor affine(Tensor x, double s, double c) {
        Tensor out = x.device().backend().unary(UnaryFn.AFFINE, x, s, c);
        return Autograd.record("affine", out, g -> new Tensor[] {s == 1 ? g : g.mul(s)}, x);
    }

    /**
     * cond ? a : b elementwise, all three broadcast, cond read as true where non-zero (NaN included); the result has
     * a's and b's promoted dtype. Selected, not blended: with the mask m = (cond != 0) it is
     * {@code SELECT(a, m) + SELECT(b, 1 - m)}, where {@link BinaryFn#SELECT} puts -0 in place of every value not
     * selected, so an infinite or NaN value in the branch not taken never reaches the result and the selected value
     * arrives bit for bit. da = g where cond, db = g elsewhere (0, not 0 * g, in the other places).
     */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Broadcasting.sameDevice("where", cond, a);
        Broadcasting.sameDevice("where", a, b);
        String op = "where (condition " + cond.shape() + ", a " + a.shape() + ", b " + b.shape() + ")";
        Shape.broadcast(op, Shape.broadcast(op, cond.shape(), a.shape()), b.shape());
        Backend be = a.device().backend();
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Tensor taken = Comparisons.truth(cond.detach()).to(dtype);
        Tensor notTaken = be.unary(UnaryFn.AFFINE, taken, -1, 1);
        Tensor out = be.binary(BinaryFn.ADD, be.binary(BinaryFn.SELECT, a, taken), be.binary(BinaryFn.SELECT, b, notTaken));
        return Autograd.record("where", out, g -> new Tensor[] {
                a.requiresGrad() ? Broadcasting.sumTo(select(g, taken), a.shape()) : null,
                b.requiresGrad() ? Broadcasting.sumTo(select(g, notTaken), b.shape()) : null}, a, b);
    }

    /** g where mask is 1 and 0 elsewhere, in g's dtype (-0 from SELECT turned into +0). */
    private static Tensor select(Tensor g, Tensor mask) {
        Backend be = g.device().backend();
        Tensor kept = be.binary(BinaryFn.SELECT, g, mask.to(g.dtype()));
        return be.unary(UnaryFn.AFFINE, kept, 1, 0);
    }
}
