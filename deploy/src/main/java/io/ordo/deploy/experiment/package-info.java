/**
 * {@code ordo experiment NAME}: reference experiments that train every arm (an objective or a
 * target order) with the same seeds and budget through the actor pipeline, one run directory per
 * arm and seed, then write {@code results.md}, {@code results.csv} and {@code curves.png}. An
 * interrupted experiment continues with {@code --resume}: {@code ArmRun}
 * keeps finished arms and resumes the running one from its checkpoint.
 */
package io.ordo.deploy.experiment;
