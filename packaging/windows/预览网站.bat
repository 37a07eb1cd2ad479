@echo off
chcp 65001 >nul
rem 在本机预览网站：打开浏览器，关闭本窗口即结束预览。
rem 只用 goto 分支、不用 ( ) 块：路径中的“)”会提前结束 ( ) 块。
pushd "%~dp0"
if not exist "creditsite.exe" goto notunzipped
if not exist "site\config.yaml" goto nosite
echo 正在启动预览，浏览器将打开 http://127.0.0.1:1313/ 。
echo 数据有问题时，每页顶部有提示，问题清单在 http://127.0.0.1:1313/_check/ 。
echo 看完关闭本窗口即可（或按 Ctrl+C）。
echo.
start "" /min cmd /c "timeout /t 3 /nobreak >nul & start http://127.0.0.1:1313/"
creditsite.exe serve --source site
set "code=%errorlevel%"
echo.
if "%code%"=="0" goto end
echo 预览没有启动或已出错（结束状态 %code%），原因见上面的说明。
echo 如果说无法监听 127.0.0.1:1313，多半是已经开着一个预览窗口：请先关闭它。
goto end

:nosite
echo 还没有 site 文件夹：请先双击“检查数据.bat”新建。
goto end

:notunzipped
echo 找不到 creditsite.exe。请先把下载的压缩包“全部解压缩”，再双击解压出的文件夹里的本文件。

:end
popd
echo.
pause
