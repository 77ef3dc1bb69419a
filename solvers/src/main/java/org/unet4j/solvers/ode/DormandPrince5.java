package org.unet4j.solvers.ode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The adaptive Dormand-Prince 5(4) method (Dormand and Prince 1980; DOPRI5 of Hairer, Norsett and Wanner): seven
 * stages, the fifth-order solution propagated, the difference to the embedded fourth-order solution as the local
 * error estimate, the last stage reused as the next step's first ("first same as last", six evaluations per step).
 * Steps are chosen by the {@link StepSizeController} from the {@link AdaptiveSteps} settings; the last step is
 * clipped to end on the final time; the solve fails after {@code maxSteps} attempts.
 *
 * <p>Requested times inside a step are evaluated with the method's continuous extension (Hairer's DOPRI5 dense
 * output, fourth order): with theta in [0, 1],
 * <pre>
 *   y(t + theta h) = y_0 + theta^2 (3 - 2 theta) (y_1 - y_0) + h theta (1 - theta)^2 k_1 - h theta^2 (1 - theta) k_7
 *                    + h theta^2 (1 - theta)^2 sum_i d_i k_i,
 * </pre>
 * written as y_0 + h sum_i b_i(theta) k_i. Table name "dopri5".
 */
final class DormandPrince5 extends OdeMethod implements OneStepMethod {
    private static final int ORDER = 5;
    private static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
    private static final double[] D = {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
        -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0,
        69997945.0 / 29380423.0};
    private static final ButcherTableau TABLEAU = new ButcherTableau(
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            B,
            new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
            DormandPrince5::denseWeights);

    /** b_i(theta) of the continuous extension. */
    private static double[] denseWeights(double theta) {
        double oneMinus = 1 - theta;
        double cubic = theta * theta * (3 - 2 * theta);
        double quartic = theta * theta * oneMinus * oneMinus;
        double[] w = new double[B.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = cubic * B[i] + quartic * D[i];
        }
        w[0] += theta * oneMinus * oneMinus;
        w[6] -= theta * theta * oneMinus;
        return w;
    }

    @Override
    public String name() {
        return "dopri5";
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public Optional<ButcherTableau> tableau() {
        return Optional.of(TABLEAU);
    }

    @Override
    List<String> acceptedOptions() {
        return AdaptiveSteps.NAMES;
    }

    @Override
    public <S> RungeKuttaStep<S> step(OdeSystem<S> f, StateSpace<S> space, double t, double h, S y, S firstSlope) {
        return TABLEAU.step(f, space, t, h, y, firstSlope);
    }

    @Override
    <S> OdeSolution<S> integrate(OdeSystem<S> f, S y0, double[] times, StateSpace<S> space, OdeOptions options,
            StepObserver<S> observer) {
        FiniteStates.requireFiniteStart(space, y0);
        CountingSystem<S> counted = new CountingSystem<>(f, space);
        double tEnd = times[times.length - 1];
        AdaptiveSteps settings = options.adaptiveSteps();
        StepSizeController control = new StepSizeController(settings, ORDER, times[0], tEnd);
        double direction = Math.signum(tEnd - times[0]);
        List<S> states = new ArrayList<>(times.length);
        states.add(y0);
        double t = times[0];
        S y = y0;
        S slope = counted.derivative(t, y);
        double h = settings.firstStep();
        if (settings.estimatesFirstStep()) {
            double[] f0 = space.toDoubles(slope);
            double t0 = t;
            S start = y;
            S startSlope = slope;
            h = control.initialStep(t0, space.toDoubles(y), f0, direction, trial -> space.toDoubles(counted.derivative(
                    t0 + trial, space.addScaled(start, trial, new double[] {1}, List.of(startSlope)))));
        }
        int accepted = 0;
        int rejected = 0;
        int next = 1;
        while (next < times.length) {
            if (accepted + rejected >= settings.maxSteps()) {
                throw new OdeIntegrationException("maximum number of steps (maxSteps = " + settings.maxSteps()
                        + ") exceeded", t, h, accepted + rejected);
            }
            boolean last = (t + h - tEnd) * direction >= 0;
            if (last) {
                h = tEnd - t;
            }
            RungeKuttaStep<S> step = TABLEAU.step(counted, space, t, h, y, slope);
            double error = control.errorRatio(space.toDoubles(y), space.toDoubles(step.end()),
                    errorSlope(space, step), h);
            if (!(error < 1)) {
                rejected++;
                h = control.bounded(h * control.factor(error), t, false, accepted + rejected);
                continue;
            }
            observer.stepAccepted(accepted, t, h, y);
            double tNew = last ? tEnd : t + h;
            while (next < times.length && (times[next] - tNew) * direction <= 0) {
                double theta = times[next] == tNew ? 1 : (times[next] - t) / h;
                states.add(step.stateAt(space, theta));
                observer.outputPlaced(next, accepted, theta);
                next++;
            }
            accepted++;
            t = tNew;
            y = step.end();
            slope = step.lastSlope();
            double proposed = h * control.factor(error);
            h = control.bounded(proposed, t, (t + proposed - tEnd) * direction >= 0, accepted + rejected);
        }
        return new OdeSolution<>(times, states, new OdeStatistics(counted.evaluations(), accepted, rejected));
    }

    /** sum_i e_i k_i, componentwise: the local error divided by h. */
    private static <S> double[] errorSlope(StateSpace<S> space, RungeKuttaStep<S> step) {
        double[] e = TABLEAU.errorWeights();
        double[] sum = null;
        for (int i = 0; i < e.length; i++) {
            if (e[i] != 0) {
                double[] k = space.toDoubles(step.slopes().get(i));
                if (sum == null) {
                    sum = new double[k.length];
                    for (int j = 0; j < k.length; j++) {
                        sum[j] = e[i] * k[j];
                    }
                } else {
                    for (int j = 0; j < k.length; j++) {
                        sum[j] += e[i] * k[j];
                    }
                }
            }
        }
        return sum;
    }
}
