using GridGIS.Core.Privacy;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// A service gap's figures as a caller sees them, by <see cref="Disclosure"/>: the gap's households split into
/// not covered and the rest (rule 3: all parts or none), its foreign residents as a labelled part (rule 2). Used by
/// <c>/api/coverage/runs/{id}/gaps</c> and the OGC collection and tiles <c>gaps</c> alike.
/// </summary>
internal sealed record GapFigures(long? Households, long? HouseholdsNotCovered, long? Residents, long? ForeignResidents)
{
    public static GapFigures Show(Disclosure rule, long households, long householdsNotCovered, long residents, long foreignResidents)
    {
        var hidden = !rule.ShowsParts(households, householdsNotCovered);
        return new GapFigures(hidden ? null : households, hidden ? null : householdsNotCovered, hidden ? null : residents,
            hidden || !rule.Shows(foreignResidents) ? null : foreignResidents);
    }
}
