package org.unet4j.solvers.ode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The table of integration methods by name:
 * <table>
 * <caption>methods</caption>
 * <tr><th>name</th><th>method</th><th>order</th><th>steps</th></tr>
 * <tr><td>euler</td><td>explicit Euler</td><td>1</td><td>fixed</td></tr>
 * <tr><td>midpoint</td><td>explicit midpoint (RK2)</td><td>2</td><td>fixed</td></tr>
 * <tr><td>heun</td><td>Heun (explicit trapezoid)</td><td>2</td><td>fixed</td></tr>
 * <tr><td>rk4</td><td>classical Runge-Kutta</td><td>4</td><td>fixed</td></tr>
 * <tr><td>ab2</td><td>Adams-Bashforth, two steps, RK4 start</td><td>2</td><td>fixed</td></tr>
 * <tr><td>abm2</td><td>Adams-Bashforth-Moulton predictor-corrector, RK4 start</td><td>2</td><td>fixed</td></tr>
 * <tr><td>dopri5</td><td>Dormand-Prince 5(4) with dense output</td><td>5</td><td>adaptive</td></tr>
 * </table>
 */
public final class OdeMethods {
    private static final Map<String, OdeMethod> TABLE = new LinkedHashMap<>();

    static {
        for (OdeMethod m : List.of(new Euler(), new Midpoint(), new Heun(), new ClassicalRungeKutta(),
                new AdamsBashforth2(), new AdamsBashforthMoulton2(), new DormandPrince5())) {
            TABLE.put(m.name(), m);
        }
    }

    private OdeMethods() {
    }

    /** The method of this name; the message of an unknown name lists the known ones. */
    public static OdeMethod named(String name) {
        OdeMethod m = TABLE.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown ODE method '" + name + "'; known methods: "
                    + String.join(", ", TABLE.keySet()));
        }
        return m;
    }

    /** Every name in the table, in the order above. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    /** Names of the methods without history between steps (those the checkpointed mode can replay). */
    static String oneStepNames() {
        return TABLE.values().stream().filter(m -> m instanceof OneStepMethod).map(OdeMethod::name)
                .collect(Collectors.joining(", "));
    }
}
