package dev.berth.api.guest;

/**
 * A guest contribution with the bundle that registered it, which error messages and the image's key name.
 *
 * @param owner        the contributing bundle's symbolic name
 * @param contribution what it contributes
 */
public record OwnedContribution(String owner, GuestContribution contribution) {
}
