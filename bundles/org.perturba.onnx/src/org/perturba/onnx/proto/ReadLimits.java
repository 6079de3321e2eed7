package org.perturba.onnx.proto;

/**
 * What an ONNX file may ask of the reader: ONNX files come from elsewhere, so sizes are bounded before
 * anything is allocated for them.
 *
 * @param maxFileBytes the model file, and each external-data file
 * @param maxTensorElements any one tensor
 * @param maxNodes nodes in the graph
 */
public record ReadLimits(long maxFileBytes, long maxTensorElements, int maxNodes) {
    /** 1 GiB files, tensors of 256 M elements (1 GiB of float32), 100,000 nodes: far above brain-age networks. */
    public static final ReadLimits DEFAULT = new ReadLimits(1L << 30, 1L << 28, 100_000);

    public ReadLimits {
        if (maxFileBytes <= 0 || maxTensorElements <= 0 || maxNodes <= 0) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }
}
