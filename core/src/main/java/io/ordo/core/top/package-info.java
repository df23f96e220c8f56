/**
 * Token Order Prediction targets as data: the {@link io.ordo.core.top.TopWindow} they look ahead
 * over, the sparse {@link io.ordo.core.top.TopTargets} of a batch and the
 * {@link io.ordo.core.top.TopTargetBuilder} that computes them from token ids. The TOP loss that
 * consumes them ({@code ListNetLoss}) lives in {@code model}.
 */
package io.ordo.core.top;
