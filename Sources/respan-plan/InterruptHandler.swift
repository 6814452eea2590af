import Applying
import Dispatch
import Foundation
import Lockfiles
import Planning
import Views

/// Ctrl-C during an apply: the first stops scheduling (in-flight calls finish, the lockfile is
/// written, the run exits 130 through `ExitCodes`); a second one ends the process at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(stopping request: StopRequest) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            // The second Ctrl-C: the journaled ids keep even this safe.
            if request.isStopped { Foundation.exit(ExitCodes.code(for: .interrupted)) }
            request.stop()
            Console.error(
                "\nStopping: no new changes start; waiting for those under way (Ctrl-C again to quit at once).\n")
        }
        source.resume()
    }

    func uninstall() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
