package org.unet4j.proofs.unet;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of float and double arrays (tensor storage on the CPU; shapes and indices are not counted) reachable
 * from an object through instance fields,
 * array elements and the elements of JDK collections: what a loss keeps alive until its backward pass, including
 * tensors captured by backward rules and lambdas, which the tape's own node count does not see. Static fields are
 * not followed, nor the CPU backend and device objects (shared buffers and thread pools that no tensor owns), nor
 * other JDK objects (strings, classes, threads).
 */
final class ReachableBytes {
    private ReachableBytes() {
    }

    static long from(Object root) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        long bytes = 0;
        while (!pending.isEmpty()) {
            Object o = pending.pop();
            if (seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                Class<?> element = type.getComponentType();
                int length = Array.getLength(o);
                if (element == double.class) {
                    bytes += 8L * length;
                } else if (element == float.class) {
                    bytes += 4L * length;
                } else if (!element.isPrimitive()) {
                    for (int i = 0; i < length; i++) {
                        push(pending, Array.get(o, i));
                    }
                }
            } else if (isJdk(type)) {
                children(o).forEach(child -> push(pending, child));
            } else if (!isBackend(type)) {
                for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                            field.setAccessible(true);
                            try {
                                push(pending, field.get(o));
                            } catch (IllegalAccessException e) {
                                throw new IllegalStateException("cannot read " + field, e);
                            }
                        }
                    }
                }
            }
        }
        return bytes;
    }

    private static void push(Deque<Object> pending, Object o) {
        if (o != null) {
            pending.push(o);
        }
    }

    /** The elements of JDK containers; other JDK objects hold no tensors. */
    private static List<Object> children(Object o) {
        List<Object> out = new ArrayList<>();
        if (o instanceof Collection<?> collection) {
            out.addAll(collection);
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.add(k);
                out.add(v);
            });
        } else if (o instanceof Optional<?> optional) {
            optional.ifPresent(out::add);
        }
        return out;
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.");
    }

    private static boolean isBackend(Class<?> type) {
        String name = type.getName();
        return name.startsWith("org.unet4j.autodiff.cpu.") || name.startsWith("org.unet4j.autodiff.opencl.")
                || name.equals("org.unet4j.autodiff.Device") || name.startsWith("org.unet4j.autodiff.Device$");
    }
}
