namespace GridGIS.Core.Import;

/// <summary>
/// A dBASE field name has at most 10 characters. GridGIS's attribute names that are longer are written under a fixed
/// short name, and read back under the long one, so that an exported Shapefile imports with the same attributes
/// (docs/import.md lists the pairs). Other names longer than 10 are cut to their first 10 characters.
/// </summary>
public static class ShapefileFieldNames
{
    private static readonly (string Long, string Short)[] Pairs =
    [
        ("street_code", "street_cd"), ("community_code", "comm_code"), ("community_zh", "comm_zh"),
        ("category_zh", "cat_zh"), ("category_en", "cat_en"), ("geometry_note", "geom_note"),
        ("worker_languages", "wkr_lang"), ("households_covered", "hh_cov"), ("households_not_covered", "hh_notcov"),
        ("residents_covered", "res_cov"), ("residents_not_covered", "res_notcov"), ("foreign_residents", "foreign"),
        ("foreign_covered", "frn_cov"), ("foreign_not_covered", "frn_notcov"), ("share_covered", "share_cov"),
        ("accessibility", "access"), ("supply_ratio", "supply_rat"), ("facility_id", "facility"),
    ];

    private static readonly Dictionary<string, string> ToShort = Pairs.ToDictionary(p => p.Long, p => p.Short, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, string> ToLong = Pairs.ToDictionary(p => p.Short, p => p.Long, StringComparer.OrdinalIgnoreCase);

    /// <summary>The pairs (long name, short name), for the documentation and the tests.</summary>
    public static IReadOnlyList<(string Long, string Short)> All => Pairs;

    /// <summary>The dBASE name of an attribute (at most 10 characters).</summary>
    public static string Short(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ToShort.TryGetValue(name, out var s) ? s : name.Length <= 10 ? name : name[..10];
    }

    /// <summary>The attribute a dBASE field name stands for.</summary>
    public static string Long(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ToLong.TryGetValue(name, out var l) ? l : name;
    }
}
