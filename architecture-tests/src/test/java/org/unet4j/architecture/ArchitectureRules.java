package org.unet4j.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules, as ArchUnit rules over the classes of a root package (the project's {@code org.unet4j},
 * or a planted example in the tests of the rules themselves).
 *
 * <p>A module is the set of packages it holds; each may depend only on the modules listed as below it:
 * <pre>
 *   autodiff        org.unet4j.autodiff..  except ..autodiff.opencl..   (nothing)
 *   autodiff-opencl org.unet4j.autodiff.opencl..                        autodiff
 *   solvers         org.unet4j.solvers..                                autodiff
 *   layers          org.unet4j.layers..                                 autodiff, solvers
 *   experiments     org.unet4j.experiments..                            autodiff, solvers, layers
 * </pre>
 * (experiments reaches the OpenCL backend only at run time, through the {@code DeviceResolver} service).
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** A module: its name, the classes it holds, and the names of the modules it may depend on. */
    record Module(String name, DescribedPredicate<JavaClass> classes, Set<String> below) {
    }

    /**
     * A dependency between two packages that the cycle rule does not count, with the reason; the list of them is
     * {@link #KNOWN_CYCLES}.
     */
    record KnownCycle(String packageA, String packageB, String reason) {
    }

    /**
     * The package cycles that are known and being removed, each named with the reason; nothing else may be excepted.
     * The one entry: layers.unet <-> layers.unet.blocks (blocks use unet's settings types, UNet builds the blocks),
     * which the branch {@code topology} removes. The lead deletes this entry after merging that branch.
     */
    static final List<KnownCycle> KNOWN_CYCLES = List.of(
            new KnownCycle("org.unet4j.layers.unet", "org.unet4j.layers.unet.blocks",
                    "removed on branch topology; delete this exception after merging it"));

    /** The project's modules, in dependency order. */
    static List<Module> projectModules() {
        return List.of(
                new Module("autodiff", resideInAPackage("org.unet4j.autodiff..")
                        .and(not(resideInAPackage("org.unet4j.autodiff.opencl.."))), Set.of()),
                new Module("autodiff-opencl", resideInAPackage("org.unet4j.autodiff.opencl.."), Set.of("autodiff")),
                new Module("solvers", resideInAPackage("org.unet4j.solvers.."), Set.of("autodiff")),
                new Module("layers", resideInAPackage("org.unet4j.layers.."), Set.of("autodiff", "solvers")),
                new Module("experiments", resideInAPackage("org.unet4j.experiments.."),
                        Set.of("autodiff", "solvers", "layers")));
    }

    /** No cycle between the packages under {@code root}, except the {@code known} ones (both directions). */
    static ArchRule noPackageCycles(String root, List<KnownCycle> known) {
        var rule = slices().matching(root + ".(**)").should().beFreeOfCycles();
        for (KnownCycle cycle : known) {
            rule = rule.ignoreDependency(resideInAPackage(cycle.packageA()), resideInAPackage(cycle.packageB()))
                    .ignoreDependency(resideInAPackage(cycle.packageB()), resideInAPackage(cycle.packageA()));
        }
        return rule;
    }

    /** Every module depends only on itself and the modules below it. */
    static ArchRule noUpwardModuleDependencies(List<Module> modules) {
        List<ArchRule> rules = new ArrayList<>();
        for (Module module : modules) {
            DescribedPredicate<JavaClass> forbidden = null;
            for (Module other : modules) {
                if (other != module && !module.below().contains(other.name())) {
                    forbidden = forbidden == null ? other.classes() : forbidden.or(other.classes());
                }
            }
            if (forbidden != null) {
                rules.add(noClasses().that(module.classes()).should().dependOnClassesThat(forbidden)
                        .as("module " + module.name() + " depends only on " + (module.below().isEmpty() ? "itself"
                                : String.join(", ", module.below()))));
            }
        }
        CompositeArchRule all = CompositeArchRule.of(rules.get(0));
        for (ArchRule rule : rules.subList(1, rules.size())) {
            all = all.and(rule);
        }
        return all;
    }

    /** Only the OpenCL module ({@code openClPackage}) imports Aparapi. */
    static ArchRule aparapiOnlyIn(String openClPackage) {
        return noClasses().that(resideOutsideOfPackage(openClPackage + ".."))
                .should().dependOnClassesThat(resideInAPackage("com.aparapi.."))
                .as("only " + openClPackage + " (module autodiff-opencl) uses Aparapi");
    }
}
