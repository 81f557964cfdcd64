using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

public sealed class SpecialFunctionsTests
{
    // Reference values: scipy.special.erf (double precision).
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(-1.5, -0.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.4999999, 0.9995930477)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-4.0, -0.9999999845827421)]
    [InlineData(7.0, 1.0)]
    public void Erf_matches_reference(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.Erf(x), 9);
    }
}
