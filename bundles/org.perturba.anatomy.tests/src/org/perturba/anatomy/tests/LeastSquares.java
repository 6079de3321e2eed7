package org.perturba.anatomy.tests;

import java.util.List;

/** Ordinary least squares by the normal equations: enough for a handful of features in a test. */
final class LeastSquares {
    private LeastSquares() {
    }

    /** Coefficients minimising the squared error of {@code rows · coefficients} against {@code targets}. */
    static double[] fit(List<double[]> rows, double[] targets) {
        int n = rows.get(0).length;
        double[][] system = new double[n][n + 1];
        for (int r = 0; r < rows.size(); r++) {
            double[] x = rows.get(r);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    system[i][j] += x[i] * x[j];
                }
                system[i][n] += x[i] * targets[r];
            }
        }
        return solve(system);
    }

    static double predict(double[] coefficients, double[] row) {
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += coefficients[i] * row[i];
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting on an augmented matrix. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int column = 0; column < n; column++) {
            int pivot = column;
            for (int row = column + 1; row < n; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            for (int row = column + 1; row < n; row++) {
                double factor = a[row][column] / a[column][column];
                for (int k = column; k <= n; k++) {
                    a[row][k] -= factor * a[column][k];
                }
            }
        }
        double[] solution = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = a[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * solution[k];
            }
            solution[row] = sum / a[row][row];
        }
        return solution;
    }
}
