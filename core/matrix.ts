/** Row-major float64 matrix: the shape every seam below the search space uses. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows·cols entries, row-major: element (i, j) at i·cols + j. */
  readonly data: Float64Array;
}

/** A rows×cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wrap existing row-major data (not copied). */
export function matrix(rows: number, cols: number, data: Float64Array): Matrix {
  if (data.length !== rows * cols) throw new RangeError(`matrix: ${data.length} entries for ${rows}x${cols}`);
  return { rows, cols, data };
}

/** Build from an array of equal-length rows. */
export function fromRows(rowsIn: ArrayLike<number>[], cols?: number): Matrix {
  const c = cols ?? (rowsIn.length > 0 ? rowsIn[0].length : 0);
  const out = zeros(rowsIn.length, c);
  rowsIn.forEach((r, i) => {
    if (r.length !== c) throw new RangeError(`fromRows: row ${i} has ${r.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out.data[i * c + j] = r[j];
  });
  return out;
}

/** A view (no copy) of row i. */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Rows as separate copies (for user-facing code and tests). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(row(m, i)));
  return out;
}

/** Stack two matrices with the same column count. */
export function vstack(a: Matrix, b: Matrix): Matrix {
  if (a.rows === 0) return b;
  if (b.rows === 0) return a;
  if (a.cols !== b.cols) throw new RangeError(`vstack: ${a.cols} vs ${b.cols} columns`);
  const data = new Float64Array((a.rows + b.rows) * a.cols);
  data.set(a.data, 0);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data };
}
