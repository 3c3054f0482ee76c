using GridGIS.Core.Demo;

namespace GridGIS.Core.Tests.Demo;

/// <summary>The published tables (embedded copies of data/published) and datasets generated once per test run.</summary>
public sealed class DemoFixture
{
    public const ulong Seed = 20100301;

    public static PublishedTables Tables { get; } = PublishedTables.Parse(name =>
    {
        using var stream = typeof(DemoFixture).Assembly.GetManifestResourceStream("published/" + name)
                           ?? throw new InvalidOperationException($"published/{name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly Lazy<DemoDataset> _full = new(() => ChaoyangDemo.Generate(Tables, 1.0, Seed));
    private readonly Lazy<DemoDataset> _tenth = new(() => ChaoyangDemo.Generate(Tables, 0.1, Seed, Console.WriteLine));

    public DemoDataset Full => _full.Value;
    public DemoDataset Tenth => _tenth.Value;
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo";
}
