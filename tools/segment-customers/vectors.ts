/** Row-major vector helpers shared by k-means and silhouette (pure). */

/** A row-major copy of `points` (`dimensions` numbers per point) for tight loops. */
export function flatten(points: readonly (readonly number[])[], dimensions: number): Float64Array {
  const flat = new Float64Array(points.length * dimensions);
  points.forEach((point, index) => flat.set(point, index * dimensions));
  return flat;
}
