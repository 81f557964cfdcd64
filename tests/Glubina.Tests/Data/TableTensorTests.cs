using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Tensors;

namespace Glubina.Tests.Data;

public sealed class TableTensorTests
{
    [Fact]
    public void Iris_becomes_float_features_and_int64_labels()
    {
        Table iris = CsvLoader.Load(SharedData.PathOf("iris", "iris.plain.csv"));
        (Tensor x, Tensor y) = iris.ToTensors("target");
        Assert.Equal([150, 4], x.ShapeArray());
        Assert.Equal(DType.Float32, x.DType);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], x.Select(0, 0).ToArray<float>());
        Assert.Equal(DType.Int64, y.DType);
        Assert.Equal([50, 50, 50], y.ToArray<long>().GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count()));

        TensorDataset ds = iris.ToDataset("target");
        Assert.Equal(150, ds.Count);
        Tensor regression = iris.ToTensors("petal_width_cm", DType.Float32).Targets;
        Assert.Equal(0.2f, regression.ToArray<float>()[0]);
    }

    [Fact]
    public void Categorical_features_missing_values_and_fractional_labels_are_refused_with_their_place()
    {
        Table t = CsvLoader.Parse("a,b,c,y\n1,x,2,0\n2,y,,1\n3,z,4,1.5\n");
        var e = Assert.Throws<ArgumentException>(() => t.ToTensors("y"));
        Assert.Contains("'b'", e.Message);
        e = Assert.Throws<ArgumentException>(() => t.Without("b").ToTensors("y"));
        Assert.Contains("'c'", e.Message);
        Assert.Contains("row 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => t.Without("b", "c").ToTensors("y"));
        Assert.Contains("1.5", e.Message);
        Assert.Contains("row 2", e.Message);
        Assert.Equal([0f, 1, 1.5f], t.Without("b", "c").ToTensors("y", DType.Float32).Targets.ToArray<float>());
        Assert.Throws<KeyNotFoundException>(() => t.ToTensors("nope"));
        e = Assert.Throws<ArgumentException>(() => t.ToTensors("b"));
        Assert.Contains("target column 'b' is categorical", e.Message);
    }
}
