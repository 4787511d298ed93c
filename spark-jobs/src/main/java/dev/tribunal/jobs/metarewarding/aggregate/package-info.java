/**
 * The pure aggregation of Meta-Rewarding (spec section 1, steps 2-4): response scores, actor pairs
 * with length control, the meta-judge battle plan, the battle matrix, the Bradley-Terry rating fit
 * and judge pairs.
 *
 * <p>Everything here is a static function on records (or, for the rating fit, a reusable
 * workspace), free of I/O and of Spark, so that stages can call it from {@code mapGroups} with one
 * prompt's rows in hand. Every function that declines to produce a pair says why, so reports can
 * count the reasons.
 */
package dev.tribunal.jobs.metarewarding.aggregate;
