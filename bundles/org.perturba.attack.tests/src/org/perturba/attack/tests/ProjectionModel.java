package org.perturba.attack.tests;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.perturba.imaging.io.Sha256;
import org.perturba.model.BrainAgeModel;
import org.perturba.model.InputGradients;
import org.perturba.model.ModelInput;
import org.perturba.model.ModelMetadata;

/**
 * A model whose predicted age is a function of one projection of the image, {@code age = f(w . x)},
 * with exact gradients {@code f'(w . x) w}: linear ({@code f(s) = s + b}), where the best attack of a
 * budget has a closed form, or peaked, where steps can overshoot the best age.
 */
final class ProjectionModel implements BrainAgeModel {
    static final int[] GRID = { 8, 8, 8 };

    private final INDArray weights;
    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator slope;

    private ProjectionModel(INDArray weights, DoubleUnaryOperator f, DoubleUnaryOperator slope) {
        this.weights = weights;
        this.f = f;
        this.slope = slope;
    }

    /** {@code age = w . x + bias}. */
    static ProjectionModel linear(INDArray weights, double bias) {
        return new ProjectionModel(weights, s -> s + bias, s -> 1);
    }

    /** {@code age = -|w . x - peak|}: the oldest images are those whose projection is {@code peak}. */
    static ProjectionModel peaked(INDArray weights, double peak) {
        return new ProjectionModel(weights, s -> -Math.abs(s - peak), s -> -Math.signum(s - peak));
    }

    /** Seeded standard-normal weights, one per voxel of {@link #GRID}, {@code [1, 1, x, y, z]}. */
    static INDArray randomWeights(long seed) {
        Random random = new Random(seed);
        double[] values = new double[GRID[0] * GRID[1] * GRID[2]];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, new long[] { 1, 1, GRID[0], GRID[1], GRID[2] }, 'c');
    }

    /** {@code w . x} per image, in double. */
    double[] projections(INDArray images) {
        INDArray flat = images.castTo(DataType.DOUBLE).reshape('c', images.size(0), -1);
        return flat.mmul(weights.reshape('c', -1, 1)).toDoubleVector();
    }

    @Override
    public double[] predictAges(ModelInput input) {
        double[] projections = projections(input.images());
        for (int i = 0; i < projections.length; i++) {
            projections[i] = f.applyAsDouble(projections[i]);
        }
        return projections;
    }

    @Override
    public InputGradients ageGradients(ModelInput input) {
        INDArray images = input.images();
        double[] projections = projections(images);
        INDArray gradient = Nd4j.zeros(images.dataType(), images.shape());
        for (int i = 0; i < projections.length; i++) {
            gradient.slice(i).assign(weights.slice(0).mul(slope.applyAsDouble(projections[i])));
        }
        return new InputGradients(gradient, Optional.empty());
    }

    @Override
    public ModelMetadata metadata() {
        return new ModelMetadata("projection", GRID, "none", 50, 10, Optional.empty(), 0, "");
    }

    @Override
    public String identity() {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * (int) weights.length());
        bytes.asFloatBuffer().put(weights.dup('c').data().asFloat());
        return Sha256.of(bytes.array());
    }
}
