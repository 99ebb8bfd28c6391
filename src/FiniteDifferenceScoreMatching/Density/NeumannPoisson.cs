using System.Numerics;
using System.Runtime.InteropServices;

namespace FiniteDifferenceScoreMatching.Density;

/// <summary>
/// The exact solution of the five-point Poisson problem with natural (Neumann) boundary conditions on a rectangular
/// grid, (a Lₓ ⊗ I + b I ⊗ L_y) u = f, by the discrete cosine transform (DCT-II) in each direction.
/// </summary>
/// <remarks>
/// Lₙ is the Laplacian of a path of n nodes, the matrix of Σ (uᵢ₊₁ − uᵢ)²: 1 on the first and last diagonal entries, 2
/// between, −1 beside the diagonal. The orthonormal DCT-II vectors cₖ(i) = αₖ cos(π k (i + ½) / n) are its eigenvectors,
/// with eigenvalues 4 sin²(π k / 2n), so the transform in each direction turns the system into one division per
/// coefficient. The constant (k = l = 0) is the null space: the solution returned has no constant part, and the part of
/// f along it is ignored. The transforms are dense matrix products, n³ operations per direction: a fraction of a second
/// for a few hundred nodes a side.
/// </remarks>
internal static class NeumannPoisson
{
    /// <summary>Solves (<paramref name="xWeight"/> Lₓ ⊗ I + <paramref name="yWeight"/> I ⊗ L_y) u = f.</summary>
    /// <param name="rightSide">f, [nx, ny], indexed [i, j].</param>
    /// <param name="xWeight">a; finite and not negative.</param>
    /// <param name="yWeight">b; finite and not negative.</param>
    /// <returns>A new [nx, ny] array: the solution whose sum is zero; 0 in every mode whose eigenvalue is 0.</returns>
    public static double[,] Solve(double[,] rightSide, double xWeight, double yWeight)
    {
        var (nx, ny) = (rightSide.GetLength(0), rightSide.GetLength(1));
        var cx = Transform(nx);
        var cy = Transform(ny);
        var f = new double[nx * ny];
        Buffer.BlockCopy(rightSide, 0, f, 0, f.Length * sizeof(double));

        // f̂ = Cₓ F C_yᵀ, then û = f̂ / (a λₖ + b λₗ), then U = Cₓᵀ Û C_y.
        var transformed = Multiply(Multiply(cx, f, nx, nx, ny), Transpose(cy, ny), nx, ny, ny);
        var lx = Eigenvalues(nx);
        var ly = Eigenvalues(ny);
        for (var k = 0; k < nx; k++)
        {
            for (var l = 0; l < ny; l++)
            {
                var eigenvalue = (xWeight * lx[k]) + (yWeight * ly[l]);
                var index = (k * ny) + l;
                transformed[index] = eigenvalue > 0 ? transformed[index] / eigenvalue : 0;
            }
        }

        var u = Multiply(Multiply(Transpose(cx, nx), transformed, nx, nx, ny), cy, nx, ny, ny);
        var result = new double[nx, ny];
        Buffer.BlockCopy(u, 0, result, 0, u.Length * sizeof(double));
        return result;
    }

    /// <summary>The orthonormal DCT-II matrix of size n, row k the vector cₖ, as a row-major array.</summary>
    internal static double[] Transform(int n)
    {
        var matrix = new double[n * n];
        for (var k = 0; k < n; k++)
        {
            var scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (var i = 0; i < n; i++)
            {
                matrix[(k * n) + i] = scale * Math.Cos(Math.PI * k * ((2 * i) + 1) / (2.0 * n));
            }
        }

        return matrix;
    }

    /// <summary>The eigenvalues 4 sin²(π k / 2n) of the path Laplacian Lₙ, k = 0 … n − 1.</summary>
    internal static double[] Eigenvalues(int n)
    {
        var values = new double[n];
        for (var k = 0; k < n; k++)
        {
            var sine = Math.Sin(Math.PI * k / (2.0 * n));
            values[k] = 4 * sine * sine;
        }

        return values;
    }

    /// <summary>The transpose of a square row-major matrix of size n.</summary>
    private static double[] Transpose(double[] matrix, int n)
    {
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                result[(j * n) + i] = matrix[(i * n) + j];
            }
        }

        return result;
    }

    /// <summary>The product of row-major matrices a [m, k] and b [k, n], row by row so that b is read in order.</summary>
    private static double[] Multiply(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            var row = c.AsSpan(i * n, n);
            for (var p = 0; p < k; p++)
            {
                AddScaled(row, b.AsSpan(p * n, n), a[(i * k) + p]);
            }
        }

        return c;
    }

    /// <summary>target += factor · source, a vector of doubles at a time.</summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        if (factor == 0)
        {
            return;
        }

        var scaled = new Vector<double>(factor);
        var targetVectors = MemoryMarshal.Cast<double, Vector<double>>(target);
        var sourceVectors = MemoryMarshal.Cast<double, Vector<double>>(source);
        for (var v = 0; v < targetVectors.Length; v++)
        {
            targetVectors[v] += scaled * sourceVectors[v];
        }

        for (var i = targetVectors.Length * Vector<double>.Count; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }
}
