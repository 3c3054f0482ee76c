namespace GridGIS.Core.Import.Osm;

/// <summary>A facility category (设施类别) of the 15-minute life circle with its walk threshold and default capacity.</summary>
/// <param name="Code">The category code (<c>facility_category.code</c>).</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="WalkMinutes">Walk-time threshold, minutes.</param>
/// <param name="WalkMetres">Walk-distance threshold in metres, for categories measured that way (null otherwise).</param>
/// <param name="WalkSpeedKmh">Walking speed, km/h.</param>
/// <param name="DefaultCapacity">The capacity a facility gets when its source gives none, in the category's units (places, beds, persons served).</param>
/// <param name="LanguageApplies">Whether the language a facility speaks decides whom it serves (a food market: no; issue 19's language-aware coverage).</param>
public sealed record StandardCategory(string Code, string NameZh, string NameEn, double WalkMinutes, double? WalkMetres, double WalkSpeedKmh, int DefaultCapacity,
    bool LanguageApplies = true);

/// <summary>
/// The nine categories of the 15-minute life circle (GB 50180-2018 and the seed papers) that the demo generates and the OSM
/// mapping's seeded rules name. An OSM facility import creates the ones its rules name when the database lacks them.
/// Default capacities are the middle of the demo generator's ranges.
/// </summary>
public static class StandardCategories
{
    /// <summary>The nine categories, in the demo's order.</summary>
    public static readonly IReadOnlyList<StandardCategory> All =
    [
        new("community_service_station", "社区服务站", "Community service station", 15, null, 4.0, 500),
        new("street_service_hall", "街道政务服务大厅", "Street service hall", 15, null, 4.0, 700),
        new("foreign_service_station", "涉外服务站", "Foreign-resident service station", 15, null, 4.0, 300),
        new("library", "图书馆", "Library", 15, null, 4.0, 75),
        new("health_station", "社区卫生服务站", "Community health station", 15, null, 4.0, 7500),
        new("primary_school", "小学", "Primary school", 15, 500, 4.0, 1170),
        new("kindergarten", "幼儿园", "Kindergarten", 15, 300, 4.0, 225),
        new("food_market", "菜市场/超市", "Food market / supermarket", 15, null, 4.0, 1750, LanguageApplies: false),
        new("elderly_care", "养老驿站", "Elderly care station", 15, null, 4.0, 40),
    ];

    /// <summary>The standard category with this code, or null.</summary>
    public static StandardCategory? Find(string code) => All.FirstOrDefault(c => c.Code == code);
}
