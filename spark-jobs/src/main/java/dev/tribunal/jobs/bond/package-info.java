/**
 * The pure mathematics of Best-of-N, BOND and J-BOND (spec section 3): reward quantiles, the
 * Best-of-N distribution relative to the reference policy with ties corrected, BOND's backward
 * reward, J-BOND's crude quantile reward, and seeded tie-breaking.
 *
 * <p>Ties are broken uniformly at random among the tied <em>draws</em> (positions in the sample),
 * not among distinct tied outcomes: that is the rule under which the tie-corrected Best-of-N
 * formula of spec 3.2 is exact, and the rule {@link dev.tribunal.jobs.bond.BestOfN#best} applies.
 *
 * <p>Everything here is a static function free of I/O, Spark and models.
 */
package dev.tribunal.jobs.bond;
