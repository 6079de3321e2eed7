package org.perturba.attack;

/**
 * An attack that queries only the model's predicted ages, never its gradients (a score-based black-box
 * attack). Such an attack is a check on the others: it cannot be fooled by gradients that are masked,
 * obfuscated or shattered, so when it moves a model further than the gradient attacks do, their
 * gradients mislead them (Carlini et al. 2019), and the report flags it.
 */
public interface ScoreBasedAttack extends Attack {
}
