package org.perturba.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.perturba.experiment.output.AttackSummary;

import org.perturba.imaging.Affine;
import org.perturba.imaging.Volume;
import org.perturba.imaging.nifti.NiftiDataType;

/**
 * An experiment output folder written by hand exactly as docs/experiment-file.md describes it
 * (summary.json, predictions.csv, attacks.csv, examples/): two models, FGSM up at two budgets on
 * each, one failed adaptive run, and the first attacked subject's clean and adversarial image.
 */
final class TestOutputs {
    /** The key of the runs' parameters: the hand-written summary gives them none. */
    static final String NO_PARAMETERS = AttackSummary.keyOf(Map.of());
    static final String ADVERSARIAL = "examples/cnn--fgsm--up--0.020000.nii.gz";
    static final String CLEAN = "examples/clean--sub-007.nii.gz";

    private TestOutputs() {
    }

    static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("summary.json"), """
                {
                  "experiment": "ui test study",
                  "seed": 1,
                  "subjects": 40,
                  "grid": {"shape": [32, 48, 32], "voxelSizeMm": [6.0, 6.0, 6.0]},
                  "epsilons": [0.01, 0.02],
                  "models": [
                    {"id": "cnn", "kind": "conventional", "context": null, "testSubjects": 4, "maeYears": 6.5,
                     "rmseYears": 7.1, "pearsonR": 0.8, "gapSlope": -0.2},
                    {"id": "hyb", "kind": "hybrid", "context": "segmented-volumes", "contextSource": "image", "segmenter": "seg",
                     "testSubjects": 4, "maeYears": 7.25,
                     "rmseYears": 8.0, "pearsonR": 0.75, "gapSlope": -0.3}
                  ],
                  "attacks": [
                    {"model": "cnn", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.01, "direction": "up",
                     "subjects": 2, "meanShiftYears": 4.0, "meanAbsShiftYears": 4.0, "fractionShiftedOver5Years": 0.5,
                     "psnrBrainDb": 40.0, "ssimBrain": 0.99, "psnrVolumeDb": 46.0, "ssimVolume": 0.999,
                     "epsilonOverNoise": 0.5, "maxLInf": 0.01},
                    {"model": "cnn", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.02, "direction": "up",
                     "subjects": 2, "meanShiftYears": 9.5, "meanAbsShiftYears": 9.5, "fractionShiftedOver5Years": 1.0,
                     "psnrBrainDb": 34.0, "ssimBrain": 0.97, "psnrVolumeDb": 40.0, "ssimVolume": 0.995,
                     "epsilonOverNoise": 1.0, "maxLInf": 0.02, "meanAbsShiftYearsCi95": [8.0, 11.0], "flags": ["falls-with-epsilon"],
                     "adversarialExample": "examples/cnn--fgsm--up--0.020000.nii.gz",
                     "cleanExample": "examples/clean--sub-007.nii.gz"},
                    {"model": "hyb", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.01, "direction": "up",
                     "subjects": 2, "meanShiftYears": 1.0, "meanAbsShiftYears": 1.2, "fractionShiftedOver5Years": 0.0,
                     "psnrBrainDb": 40.0, "ssimBrain": 0.99, "psnrVolumeDb": 46.0, "ssimVolume": 0.999,
                     "epsilonOverNoise": 0.5, "maxLInf": 0.01},
                    {"model": "hyb", "attack": "fgsm", "threatModel": "image-only", "epsilon": 0.02, "direction": "up",
                     "subjects": 2, "meanShiftYears": 2.5, "meanAbsShiftYears": 2.5, "fractionShiftedOver5Years": 0.0,
                     "psnrBrainDb": 34.0, "ssimBrain": 0.97, "psnrVolumeDb": 40.0, "ssimVolume": 0.995,
                     "epsilonOverNoise": 1.0, "maxLInf": 0.02},
                    {"model": "cnn", "attack": "adaptive", "threatModel": "image-only", "epsilon": 0.01, "direction": "up",
                     "error": "IllegalArgumentException: the model has no context path", "subjects": 0}
                  ],
                  "transfers": [],
                  "findings": [
                    {"id": "hybrid-more-robust", "claim": "the hybrid model shifts less", "verdict": "reproduced",
                     "interval": [0.1, 0.3], "threshold": 0.5, "evidence": "2.5 < 9.5",
                     "worstThreatModel": "adaptive", "ratioByThreatModel": {"adaptive": 0.26, "image-only": 0.2}}
                  ]
                }
                """);
        Files.writeString(folder.resolve("predictions.csv"), """
                model,subject,age,predicted_age
                cnn,sub-007,30.0000,36.0000
                cnn,sub-011,45.0000,41.0000
                cnn,sub-015,60.0000,66.5000
                cnn,sub-020,80.0000,72.5000
                hyb,sub-007,30.0000,38.0000
                hyb,sub-011,45.0000,52.0000
                hyb,sub-015,60.0000,55.0000
                hyb,sub-020,80.0000,71.0000
                """);
        String header = "model,crafted_on,attack,threat_model,direction,epsilon,subject,age,clean_age,adversarial_age,shift,"
                + "l_inf,l2,psnr_brain_db,ssim_brain,psnr_volume_db,ssim_volume,epsilon_over_noise,parameters_key,flags\n";
        StringBuilder attacks = new StringBuilder(header);
        for (String model : new String[] { "cnn", "hyb" }) {
            for (String epsilon : new String[] { "0.01", "0.02" }) {
                attacks.append(model).append(",,fgsm,image-only,up,").append(epsilon)
                        .append(",sub-007,30.0000,36.0000,40.0000,4.0000,0.010000,0.100000,40.000,0.990000,46.000,0.999000,0.5000,")
                        .append(NO_PARAMETERS).append(",\n");
                attacks.append(model).append(",,fgsm,image-only,up,").append(epsilon)
                        .append(",sub-011,45.0000,41.0000,45.0000,4.0000,0.010000,0.100000,40.000,0.990000,46.000,0.999000,0.5000,")
                        .append(NO_PARAMETERS).append(",\n");
            }
        }
        Files.writeString(folder.resolve("attacks.csv"), attacks.toString());
        Volume clean = phantom();
        float[] changed = clean.voxels().clone();
        for (int i = 0; i < changed.length; i++) {
            if (changed[i] > 0) { // FGSM-like: ±ε inside the head
                changed[i] = Math.max(0, Math.min(1, changed[i] + ((i * 7919) % 3 == 0 ? -0.02f : 0.02f)));
            }
        }
        TestVolumes.write(clean, folder.resolve(CLEAN), NiftiDataType.FLOAT32);
        TestVolumes.write(clean.withVoxels(changed), folder.resolve(ADVERSARIAL), NiftiDataType.FLOAT32);
        return folder;
    }

    /** A head-like phantom in [0, 1]: a bright shell, grey inside, dark ventricles, on a 3 mm grid. */
    static Volume phantom() {
        int[] shape = { 40, 48, 40 };
        Affine affine = new Affine(new double[][] { { 3, 0, 0, -60 }, { 0, 3, 0, -72 }, { 0, 0, 3, -60 }, { 0, 0, 0, 1 } });
        Volume volume = Volume.zeros(shape, affine);
        for (int k = 0; k < shape[2]; k++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int i = 0; i < shape[0]; i++) {
                    double x = (i - 19.5) / 17;
                    double y = (j - 23.5) / 21;
                    double z = (k - 19.5) / 16;
                    double r = Math.sqrt(x * x + y * y + z * z);
                    double ventricle = Math.sqrt(Math.pow((Math.abs(x) - 0.15) / 0.12, 2) + Math.pow(y / 0.35, 2)
                            + Math.pow(z / 0.2, 2));
                    float value = r > 1 ? 0 : r > 0.88 ? 0.9f : ventricle < 1 ? 0.15f : r > 0.75 ? 0.45f : 0.7f;
                    volume.set(i, j, k, value);
                }
            }
        }
        return volume;
    }
}
