export function useBridgeEvents(): void {}
