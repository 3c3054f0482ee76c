namespace GridGIS.Core.Demo;

/// <summary>
/// How a street's foreign residents are spread and where they come from, after the seed paper (seed 000):
/// Wangjing's are over 80% Korean; Sanlitun has many diplomats and their families (mixed, Western);
/// Maizidian (embassy district) is mixed Western too; Jianwai (CBD) has business people (US, JP, GB, SG ...);
/// elsewhere the mix is broad. Hotspots are where they cluster; Strength is the hotspot's peak weight
/// relative to an ordinary building (1), Sigma its radius in metres. All generated assumptions.
/// </summary>
internal sealed record ForeignResidentProfile(
    (string Country, double Weight)[] Nationalities,
    (string Language, double Probability)[] WorkerLanguages,
    int Hotspots, double Strength, double SigmaM)
{
    private static readonly (string, double)[] Korean =
        [("KR", 82), ("JP", 5), ("US", 3), ("SG", 2), ("MY", 2), ("CA", 2), ("DE", 1), ("FR", 1), ("RU", 1), ("GB", 1)];
    private static readonly (string, double)[] Diplomatic =
        [("US", 18), ("GB", 10), ("DE", 9), ("FR", 9), ("RU", 8), ("JP", 8), ("KR", 7), ("CA", 6), ("AU", 5), ("IT", 5), ("ES", 4), ("NL", 4), ("IN", 4), ("SE", 3)];
    private static readonly (string, double)[] Business =
        [("US", 22), ("JP", 18), ("GB", 12), ("SG", 10), ("KR", 10), ("DE", 8), ("FR", 6), ("AU", 5), ("CA", 5), ("IN", 4)];
    private static readonly (string, double)[] Mixed =
        [("KR", 30), ("JP", 15), ("US", 15), ("RU", 6), ("GB", 5), ("FR", 5), ("DE", 5), ("CA", 4), ("AU", 4), ("SG", 3), ("MY", 3), ("IT", 3), ("IN", 2)];

    /// <summary>The profile of a 2010 street, by its pinyin name; <paramref name="foreignShare"/> in 0..1.</summary>
    public static ForeignResidentProfile For(string pinyin, double foreignShare) => pinyin switch
    {
        "Wangjing" => new(Korean, [("ko", 0.5), ("en", 0.35), ("ja", 0.1)], 3, 40, 380),
        "Sanlitun" => new(Diplomatic, [("en", 0.6), ("fr", 0.1), ("ru", 0.1), ("de", 0.05), ("ja", 0.1)], 2, 30, 300),
        "Maizidian" => new(Diplomatic, [("en", 0.6), ("fr", 0.1), ("ru", 0.1), ("de", 0.05), ("ja", 0.1)], 2, 30, 320),
        "Jianwai" => new(Business, [("en", 0.6), ("ja", 0.2), ("ko", 0.1)], 2, 30, 300),
        _ when foreignShare >= 0.01 => new(Mixed, [("en", 0.25), ("ko", 0.08), ("ja", 0.08)], 1, 20, 350),
        _ => new(Mixed, [("en", 0.12), ("ko", 0.04), ("ja", 0.04)], 1, 8, 300),
    };
}
