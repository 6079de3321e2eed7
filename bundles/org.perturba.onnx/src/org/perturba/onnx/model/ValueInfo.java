package org.perturba.onnx.model;

import java.util.Optional;

/**
 * A graph input or output: its name, element type code and, when the file gives it, its shape, with
 * -1 for a dimension given by name (e.g. a batch size left free by {@code dynamic_axes}).
 */
public record ValueInfo(String name, int elementType, Optional<long[]> shape) {
}
